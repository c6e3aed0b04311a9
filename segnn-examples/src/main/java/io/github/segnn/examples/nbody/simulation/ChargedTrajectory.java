// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * The saved frames of one charged trajectory, in the layout of the reference files.
 *
 * <p>Arrays are not copied; callers must not modify them.
 *
 * @param loc positions, (frames, 3, n) in C order
 * @param vel velocities, (frames, 3, n) in C order
 * @param charges the charge of each particle (length n)
 */
public record ChargedTrajectory(double[] loc, double[] vel, double[] charges) {

    /**
     * Checks that the arrays fit together.
     *
     * @param loc see the record component
     * @param vel see the record component
     * @param charges see the record component
     * @throws IllegalArgumentException if the frame arrays are not a whole number of 3 × n frames
     */
    public ChargedTrajectory {
        int frame = 3 * charges.length;
        if (frame == 0 || loc.length % frame != 0 || vel.length != loc.length) {
            throw new IllegalArgumentException(
                    "positions/velocities of length " + loc.length + "/" + vel.length
                            + " are not whole frames of 3*" + charges.length);
        }
    }

    /**
     * Returns the number of saved frames.
     *
     * @return frames
     */
    public int numFrames() {
        return loc.length / (3 * charges.length);
    }

    /**
     * Returns the number of particles.
     *
     * @return n
     */
    public int numParticles() {
        return charges.length;
    }
}
