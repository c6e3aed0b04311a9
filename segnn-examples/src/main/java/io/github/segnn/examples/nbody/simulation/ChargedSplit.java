// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import java.util.Arrays;
import java.util.Objects;

/**
 * S charged trajectories stored contiguously in the layout of the reference {@code .npy} files.
 *
 * <p>Arrays are not copied; callers must not modify them.
 *
 * @param numFrames frames per trajectory (49 by default)
 * @param numParticles particles per trajectory (5 by default)
 * @param loc positions, (S, frames, 3, n) in C order
 * @param vel velocities, (S, frames, 3, n) in C order
 * @param charges charges, (S, n) in C order (the files add a trailing axis of length 1)
 */
public record ChargedSplit(int numFrames, int numParticles, double[] loc, double[] vel, double[] charges) {

    /**
     * Checks that the arrays fit together.
     *
     * @param numFrames see the record component
     * @param numParticles see the record component
     * @param loc see the record component
     * @param vel see the record component
     * @param charges see the record component
     * @throws IllegalArgumentException if the lengths are inconsistent
     */
    public ChargedSplit {
        if (numFrames <= 0 || numParticles <= 0 || charges.length % numParticles != 0) {
            throw new IllegalArgumentException(
                    "bad split dimensions: frames=" + numFrames + ", particles=" + numParticles
                            + ", charges=" + charges.length);
        }
        long expected = (long) charges.length / numParticles * numFrames * 3 * numParticles;
        if (loc.length != expected || vel.length != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " positions and velocities, got " + loc.length
                            + " and " + vel.length);
        }
    }

    /**
     * Returns the number of trajectories S.
     *
     * @return S
     */
    public int size() {
        return charges.length / numParticles;
    }

    /**
     * Returns the positions of one frame of every trajectory.
     *
     * @param frame the frame index, 0 to numFrames − 1
     * @return a new (S, 3, n) array in C order
     */
    public double[] locAt(int frame) {
        return frameOf(loc, frame);
    }

    /**
     * Returns the velocities of one frame of every trajectory.
     *
     * @param frame the frame index, 0 to numFrames − 1
     * @return a new (S, 3, n) array in C order
     */
    public double[] velAt(int frame) {
        return frameOf(vel, frame);
    }

    /**
     * Returns the pairwise charge products q<sub>i</sub>q<sub>j</sub> (diagonal included), as the
     * reference's {@code edges} arrays.
     *
     * @return a new (S, n, n) array in C order
     */
    public double[] edges() {
        int n = numParticles;
        int s = size();
        double[] out = new double[s * n * n];
        for (int t = 0; t < s; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[(t * n + i) * n + j] = charges[t * n + i] * charges[t * n + j];
                }
            }
        }
        return out;
    }

    /**
     * Returns one trajectory.
     *
     * @param index the trajectory, 0 to S − 1
     * @return a copy of its frames and charges
     */
    public ChargedTrajectory trajectory(int index) {
        int per = numFrames * 3 * numParticles;
        Objects.checkIndex(index, size());
        double[] l = Arrays.copyOfRange(loc, index * per, (index + 1) * per);
        double[] v = Arrays.copyOfRange(vel, index * per, (index + 1) * per);
        double[] q = Arrays.copyOfRange(
                charges, index * numParticles, (index + 1) * numParticles);
        return new ChargedTrajectory(l, v, q);
    }

    /**
     * Returns an assembler of {@code count} trajectories of this shape.
     *
     * @param numFrames frames per trajectory
     * @param numParticles particles per system
     * @param count trajectories
     * @return the assembler
     */
    static SplitAssembler<ChargedTrajectory, ChargedSplit> assembler(int numFrames, int numParticles, int count) {
        int n = numParticles;
        int per = numFrames * 3 * n;
        double[] loc = new double[Math.multiplyExact(count, per)];
        double[] vel = new double[loc.length];
        double[] charges = new double[count * n];
        return new SplitAssembler<>() {
            @Override
            public void put(int t, ChargedTrajectory tr) {
                System.arraycopy(tr.loc(), 0, loc, t * per, per);
                System.arraycopy(tr.vel(), 0, vel, t * per, per);
                System.arraycopy(tr.charges(), 0, charges, t * n, n);
            }

            @Override
            public ChargedSplit build() {
                return new ChargedSplit(numFrames, n, loc, vel, charges);
            }
        };
    }

    private double[] frameOf(double[] data, int frame) {
        Objects.checkIndex(frame, numFrames);
        int frameSize = 3 * numParticles;
        int s = size();
        double[] out = new double[s * frameSize];
        for (int t = 0; t < s; t++) {
            System.arraycopy(data, (t * numFrames + frame) * frameSize, out, t * frameSize, frameSize);
        }
        return out;
    }
}
