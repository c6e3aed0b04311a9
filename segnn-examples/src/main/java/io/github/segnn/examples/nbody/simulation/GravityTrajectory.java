// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * The saved frames of one gravity trajectory, axes ordered as the charged data: (frames, 3, N).
 *
 * <p>Arrays are not copied; callers must not modify them.
 *
 * @param loc positions, (frames, 3, N) in C order
 * @param vel velocities, (frames, 3, N)
 * @param force forces m·a, (frames, 3, N)
 * @param mass masses (length N)
 */
public record GravityTrajectory(double[] loc, double[] vel, double[] force, double[] mass) {

    /**
     * Checks that the arrays fit together.
     *
     * @param loc see the record component
     * @param vel see the record component
     * @param force see the record component
     * @param mass see the record component
     * @throws IllegalArgumentException if the frame arrays are not a whole number of 3 × N frames
     */
    public GravityTrajectory {
        int frame = 3 * mass.length;
        if (frame == 0 || loc.length % frame != 0 || vel.length != loc.length || force.length != loc.length) {
            throw new IllegalArgumentException(
                    "frame arrays of length " + loc.length + "/" + vel.length + "/" + force.length
                            + " are not whole frames of 3*" + mass.length);
        }
    }

    /**
     * Returns the number of saved frames.
     *
     * @return frames
     */
    public int numFrames() {
        return loc.length / (3 * mass.length);
    }

    /**
     * Returns the number of bodies.
     *
     * @return N
     */
    public int numParticles() {
        return mass.length;
    }
}
