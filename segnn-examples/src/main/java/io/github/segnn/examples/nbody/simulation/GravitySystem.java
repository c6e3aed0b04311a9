// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import io.github.segnn.examples.random.NumpyRandom;
import java.util.Arrays;

/**
 * The softened gravitational N-body simulator of the SEGNN gravity data set ({@code GravitySim}
 * in the reference {@code synthetic_sim.py}).
 *
 * <p>N bodies of unit mass attract each other with a<sub>i</sub> = G·Σ<sub>j</sub>
 * m<sub>j</sub>(x<sub>j</sub> − x<sub>i</sub>)/(|x<sub>j</sub> − x<sub>i</sub>|² +
 * ε²)<sup>3/2</sup> (Plummer softening, no clipping). Positions and velocities start as N(0, 1)
 * per component, then the mean velocity is removed. Integration is kick–drift–kick leapfrog; before
 * step i (i = 0…T−1) the state is saved when i is a multiple of the sample frequency, so there are
 * T/frequency frames (50 by default) and frame 0 is the initial state.
 *
 * <p>{@link #drawInitialState(NumpyRandom)} consumes exactly the reference's draws for one
 * trajectory: randn(N, 3) positions, randn(N, 3) velocities, then three randn(frames, N, 3) noise
 * arrays that the reference multiplies by a zero noise variance. The reference sums the
 * accelerations with a BLAS matrix-vector product whose order depends on the BLAS kernel; here the
 * sum runs left to right over j, so trajectories agree with numpy's only to the chaotic
 * amplification of last-bit differences (about 1e-7 at frame 30 and 1e-4 at frame 40 for 100
 * bodies).
 *
 * <p>Instances are immutable and thread-safe; create them with {@link #builder()}.
 */
public final class GravitySystem extends NbodySystem<GravityInitialState, GravityTrajectory> {

    private final double softening;

    private GravitySystem(Builder b) {
        super(b);
        softening = b.softening;
    }

    /**
     * Returns a builder with the reference defaults (100 bodies, G 1, softening 0.1, dt 0.001,
     * 5000 steps, a frame every 100 steps).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of saved frames, steps/sampleFrequency.
     *
     * @return the frames per trajectory
     */
    @Override
    public int numFrames() {
        return steps / sampleFrequency;
    }

    /**
     * Draws the random part of one trajectory exactly as the reference does, including the three
     * zero-variance noise arrays.
     *
     * @param rng the stream, advanced by one trajectory's worth of draws
     * @return the initial positions, centred velocities and unit masses
     */
    @Override
    public GravityInitialState drawInitialState(NumpyRandom rng) {
        int n = numParticles;
        double[] pos = rng.randn(n, 3);
        double[] vel = rng.randn(n, 3);
        double[] mass = new double[n];
        Arrays.fill(mass, 1.0);
        double massMean = 0.0;
        for (int i = 0; i < n; i++) {
            massMean += mass[i];
        }
        massMean /= n;
        double[] loc = new double[3 * n];
        double[] v = new double[3 * n];
        for (int k = 0; k < 3; k++) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += mass[i] * vel[i * 3 + k];
            }
            double mean = sum / n / massMean;
            for (int i = 0; i < n; i++) {
                loc[k * n + i] = pos[i * 3 + k];
                v[k * n + i] = vel[i * 3 + k] - mean;
            }
        }
        rng.skipStandardNormals(3L * numFrames() * n * 3);
        return new GravityInitialState(loc, v, mass);
    }

    /**
     * Integrates one trajectory from its initial state.
     *
     * @param init the initial state, with {@link #numParticles()} bodies
     * @return the saved frames
     * @throws IllegalArgumentException if the body count differs from this system's
     */
    @Override
    public GravityTrajectory integrate(GravityInitialState init) {
        int n = numParticles;
        if (init.numParticles() != n) {
            throw new IllegalArgumentException(
                    "initial state has " + init.numParticles() + " bodies, system has " + n);
        }
        int frameSize = 3 * n;
        int frames = numFrames();
        double[] locOut = new double[frames * frameSize];
        double[] velOut = new double[frames * frameSize];
        double[] forceOut = new double[frames * frameSize];
        double[] x = init.loc().clone();
        double[] v = init.vel().clone();
        double[] m = init.mass();
        double[] acc = new double[frameSize];
        double[] pair = new double[3 * n * n];
        accelerate(x, m, acc, pair);
        int lastStep = (frames - 1) * sampleFrequency;
        for (int step = 0; step <= lastStep; step++) {
            if (step % sampleFrequency == 0) {
                int f = step / sampleFrequency;
                System.arraycopy(x, 0, locOut, f * frameSize, frameSize);
                System.arraycopy(v, 0, velOut, f * frameSize, frameSize);
                for (int k = 0; k < 3; k++) {
                    for (int i = 0; i < n; i++) {
                        forceOut[f * frameSize + k * n + i] = acc[k * n + i] * m[i];
                    }
                }
                if (step == lastStep) {
                    break;
                }
            }
            for (int c = 0; c < frameSize; c++) {
                v[c] += acc[c] * timeStep / 2.0;
            }
            for (int c = 0; c < frameSize; c++) {
                x[c] += v[c] * timeStep;
            }
            accelerate(x, m, acc, pair);
            for (int c = 0; c < frameSize; c++) {
                v[c] += acc[c] * timeStep / 2.0;
            }
        }
        return new GravityTrajectory(locOut, velOut, forceOut, m.clone());
    }

    /**
     * Computes a = G·Σ_j m_j·d_ij/(|d_ij|² + ε²)^{3/2} with d_ij = x_j − x_i, as the reference
     * forms its matrices: ((dx² + dy²) + dz²) + ε², then dx·r⁻³ per pair, then a sum over j.
     */
    private void accelerate(double[] x, double[] m, double[] acc, double[] pair) {
        int n = numParticles;
        int nn = n * n;
        double eps2 = softening * softening;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double yi = x[n + i];
            double zi = x[2 * n + i];
            pair[i * n + i] = 0.0;
            pair[nn + i * n + i] = 0.0;
            pair[2 * nn + i * n + i] = 0.0;
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - xi;
                double dy = x[n + j] - yi;
                double dz = x[2 * n + j] - zi;
                double inv = Powers.powMinus1p5(((dx * dx + dy * dy) + dz * dz) + eps2);
                double tx = dx * inv;
                double ty = dy * inv;
                double tz = dz * inv;
                pair[i * n + j] = tx;
                pair[j * n + i] = -tx;
                pair[nn + i * n + j] = ty;
                pair[nn + j * n + i] = -ty;
                pair[2 * nn + i * n + j] = tz;
                pair[2 * nn + j * n + i] = -tz;
            }
        }
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                int row = k * nn + i * n;
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += (interactionStrength * pair[row + j]) * m[j];
                }
                acc[k * n + i] = s;
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "GravitySystem[N=" + numParticles + ", G=" + interactionStrength + ", softening="
                + softening + ", dt=" + timeStep + ", steps=" + steps + ", every=" + sampleFrequency + "]";
    }

    /** Builds a {@link GravitySystem}; every setter has the reference default. */
    public static final class Builder extends NbodySystem.Builder<Builder> {
        private double softening = 0.1;

        private Builder() {
            super(100);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the Plummer softening length ε (default 0.1).
         *
         * @param softening at least 0
         * @return this Builder
         */
        public Builder optSoftening(double softening) {
            this.softening = softening;
            return this;
        }

        /**
         * Validates the settings and builds the system.
         *
         * @return the system
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public GravitySystem build() {
            checkShared();
            check(softening >= 0 && Double.isFinite(softening), "softening must be >= 0, got " + softening);
            return new GravitySystem(this);
        }
    }
}
