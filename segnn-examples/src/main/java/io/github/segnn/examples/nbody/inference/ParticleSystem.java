// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

/**
 * One N-body system at the input frame: positions, velocities and charges (the masses for the
 * gravity experiment) of its particles. Immutable; accessors return copies.
 */
public final class ParticleSystem {

    private final double[][] positions;
    private final double[][] velocities;
    private final double[] charges;

    private ParticleSystem(double[][] positions, double[][] velocities, double[] charges) {
        this.positions = positions;
        this.velocities = velocities;
        this.charges = charges;
    }

    /**
     * Builds a system.
     *
     * @param positions {@code [particle][xyz]}
     * @param velocities {@code [particle][xyz]}
     * @param charges one per particle (masses for gravity)
     * @return the system
     * @throws IllegalArgumentException naming the particle if counts differ or a value is not finite
     */
    public static ParticleSystem of(double[][] positions, double[][] velocities, double[] charges) {
        int n = positions.length;
        if (n < 2) {
            throw new IllegalArgumentException("a particle system needs at least 2 particles, got " + n);
        }
        if (velocities.length != n || charges.length != n) {
            throw new IllegalArgumentException("particle system: " + n + " positions but " + velocities.length
                    + " velocities and " + charges.length + " charges");
        }
        double[][] p = new double[n][];
        double[][] v = new double[n][];
        for (int k = 0; k < n; k++) {
            p[k] = vector("position", k, positions[k]);
            v[k] = vector("velocity", k, velocities[k]);
            if (!Double.isFinite(charges[k])) {
                throw new IllegalArgumentException("particle " + k + ": charge " + charges[k] + " is not finite");
            }
        }
        return new ParticleSystem(p, v, charges.clone());
    }

    private static double[] vector(String what, int k, double[] x) {
        if (x == null || x.length != 3) {
            throw new IllegalArgumentException("particle " + k + ": " + what + " needs 3 components");
        }
        for (double c : x) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("particle " + k + ": " + what + " component " + c + " is not finite");
            }
        }
        return x.clone();
    }

    /**
     * Returns the number of particles.
     *
     * @return n
     */
    public int size() {
        return positions.length;
    }

    /**
     * Returns the positions.
     *
     * @return a new {@code [particle][xyz]} array
     */
    public double[][] positions() {
        return copy(positions);
    }

    /**
     * Returns the velocities.
     *
     * @return a new {@code [particle][xyz]} array
     */
    public double[][] velocities() {
        return copy(velocities);
    }

    /**
     * Returns the charges (masses for gravity).
     *
     * @return a new array, one per particle
     */
    public double[] charges() {
        return charges.clone();
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
