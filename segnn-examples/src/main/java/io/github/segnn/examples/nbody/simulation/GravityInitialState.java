// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * The random part of one gravity trajectory: what {@link GravitySystem#drawInitialState} draws.
 *
 * <p>Arrays are not copied; callers must not modify them.
 *
 * @param loc initial positions, (3, N) in C order
 * @param vel initial velocities with the mean velocity removed, (3, N)
 * @param mass the mass of each body (length N; all 1 in the reference)
 */
public record GravityInitialState(double[] loc, double[] vel, double[] mass) {

    /**
     * Checks that the arrays fit together.
     *
     * @param loc see the record component
     * @param vel see the record component
     * @param mass see the record component
     * @throws IllegalArgumentException if {@code loc} or {@code vel} is not 3 × mass.length
     */
    public GravityInitialState {
        int n = mass.length;
        if (loc.length != 3 * n || vel.length != 3 * n) {
            throw new IllegalArgumentException(
                    "expected positions and velocities of length 3*" + n + ", got "
                            + loc.length + " and " + vel.length);
        }
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
