// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * The random part of one charged trajectory: what {@link ChargedSystem#drawInitialState} draws.
 *
 * <p>Arrays are stored as drawn and not copied; callers must not modify them.
 *
 * @param charges the charge of each particle, ±1 (length n)
 * @param loc the initial positions after the box reflection, (3, n) in C order
 * @param vel the initial velocities, rescaled to the configured norm and reflected, (3, n)
 */
public record ChargedInitialState(double[] charges, double[] loc, double[] vel) {

    /**
     * Checks that the arrays fit together.
     *
     * @param charges see the record component
     * @param loc see the record component
     * @param vel see the record component
     * @throws IllegalArgumentException if {@code loc} or {@code vel} is not 3 × charges.length
     */
    public ChargedInitialState {
        int n = charges.length;
        if (loc.length != 3 * n || vel.length != 3 * n) {
            throw new IllegalArgumentException(
                    "expected positions and velocities of length 3*" + n + ", got "
                            + loc.length + " and " + vel.length);
        }
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
