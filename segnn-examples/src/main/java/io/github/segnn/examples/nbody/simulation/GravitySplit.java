// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * S gravity trajectories stored contiguously, axes ordered as the charged data.
 *
 * <p>Arrays are not copied; callers must not modify them.
 *
 * @param numFrames frames per trajectory (50 by default)
 * @param numParticles bodies per trajectory N (100 by default)
 * @param loc positions, (S, frames, 3, N) in C order
 * @param vel velocities, (S, frames, 3, N)
 * @param force forces m·a, (S, frames, 3, N)
 * @param mass masses, (S, N) (the files add a trailing axis of length 1)
 */
public record GravitySplit(
        int numFrames, int numParticles, double[] loc, double[] vel, double[] force, double[] mass) {

    /**
     * Checks that the arrays fit together.
     *
     * @param numFrames see the record component
     * @param numParticles see the record component
     * @param loc see the record component
     * @param vel see the record component
     * @param force see the record component
     * @param mass see the record component
     * @throws IllegalArgumentException if the lengths are inconsistent
     */
    public GravitySplit {
        if (numFrames <= 0 || numParticles <= 0 || mass.length % numParticles != 0) {
            throw new IllegalArgumentException(
                    "bad split dimensions: frames=" + numFrames + ", bodies=" + numParticles
                            + ", masses=" + mass.length);
        }
        long expected = (long) mass.length / numParticles * numFrames * 3 * numParticles;
        if (loc.length != expected || vel.length != expected || force.length != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " values per frame array, got " + loc.length + ", "
                            + vel.length + ", " + force.length);
        }
    }

    /**
     * Returns the number of trajectories S.
     *
     * @return S
     */
    public int size() {
        return mass.length / numParticles;
    }

    /**
     * Returns an assembler of {@code count} trajectories of this shape.
     *
     * @param numFrames frames per trajectory
     * @param numParticles bodies per system
     * @param count trajectories
     * @return the assembler
     */
    static SplitAssembler<GravityTrajectory, GravitySplit> assembler(int numFrames, int numParticles, int count) {
        int n = numParticles;
        int per = numFrames * 3 * n;
        double[] loc = new double[Math.multiplyExact(count, per)];
        double[] vel = new double[loc.length];
        double[] force = new double[loc.length];
        double[] mass = new double[count * n];
        return new SplitAssembler<>() {
            @Override
            public void put(int t, GravityTrajectory tr) {
                System.arraycopy(tr.loc(), 0, loc, t * per, per);
                System.arraycopy(tr.vel(), 0, vel, t * per, per);
                System.arraycopy(tr.force(), 0, force, t * per, per);
                System.arraycopy(tr.mass(), 0, mass, t * n, n);
            }

            @Override
            public GravitySplit build() {
                return new GravitySplit(numFrames, n, loc, vel, force, mass);
            }
        };
    }
}
