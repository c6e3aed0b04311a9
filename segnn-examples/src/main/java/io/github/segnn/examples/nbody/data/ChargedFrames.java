// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import io.github.segnn.examples.nbody.simulation.ChargedSplit;

/**
 * The frames the charged N-body experiment uses, per split: positions and velocities at the input
 * frame, positions at the target frame, and the charges (the compact layout of {@code
 * data/nbody-seed43}).
 *
 * <p>Arrays are not copied; callers must not modify them.
 *
 * @param numParticles particles per trajectory n
 * @param locInput positions at the input frame, (S, 3, n)
 * @param velInput velocities at the input frame, (S, 3, n)
 * @param locTarget positions at the target frame, (S, 3, n)
 * @param charges charges, (S, n)
 */
public record ChargedFrames(
        int numParticles, double[] locInput, double[] velInput, double[] locTarget, double[] charges) {

    /**
     * Checks that the arrays fit together.
     *
     * @param numParticles see the record component
     * @param locInput see the record component
     * @param velInput see the record component
     * @param locTarget see the record component
     * @param charges see the record component
     * @throws IllegalArgumentException if the lengths are inconsistent
     */
    public ChargedFrames {
        if (numParticles <= 0 || charges.length % numParticles != 0) {
            throw new IllegalArgumentException(
                    "charges of length " + charges.length + " do not fit " + numParticles + " particles");
        }
        int expected = charges.length * 3;
        if (locInput.length != expected || velInput.length != expected || locTarget.length != expected) {
            throw new IllegalArgumentException(
                    "expected frame arrays of length " + expected + ", got " + locInput.length + ", "
                            + velInput.length + ", " + locTarget.length);
        }
    }

    /**
     * Extracts the experiment's frames from full trajectories.
     *
     * @param split the trajectories
     * @param inputFrame the input frame index (30 in the reference experiment)
     * @param targetFrame the target frame index (40 in the reference experiment)
     * @return the frames
     */
    public static ChargedFrames of(ChargedSplit split, int inputFrame, int targetFrame) {
        return new ChargedFrames(
                split.numParticles(),
                split.locAt(inputFrame),
                split.velAt(inputFrame),
                split.locAt(targetFrame),
                split.charges());
    }

    /**
     * Returns the number of trajectories S.
     *
     * @return S
     */
    public int size() {
        return charges.length / numParticles;
    }
}
