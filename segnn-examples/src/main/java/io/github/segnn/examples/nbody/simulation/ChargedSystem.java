// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import io.github.segnn.examples.random.NumpyRandom;
import java.util.Objects;

/**
 * The charged-particle simulator of the SEGNN/EGNN charged N-body data set ({@code
 * ChargedParticlesSim} in the reference {@code synthetic_sim.py}).
 *
 * <p>n unit-mass particles with charges ±1 (each with probability ½) in three dimensions interact
 * through F<sub>i</sub> = Σ<sub>j≠i</sub> k·q<sub>i</sub>q<sub>j</sub>·(x<sub>i</sub> −
 * x<sub>j</sub>)/|x<sub>i</sub> − x<sub>j</sub>|³, each component clipped to ±0.1/dt. Positions
 * start as N(0, σ²) with σ = locStd·(n/5)<sup>1/3</sup>, velocities as Gaussian directions scaled
 * to the velocity norm; a reflection at the box walls is applied to this initial state only.
 * Integration is symplectic Euler: v += dt·F(x₀), then for steps 1…T−1: x += dt·v, save every
 * {@code sampleFrequency} steps, v += dt·F(x). Frame k is therefore step (k+1)·frequency, and there
 * are T/frequency − 1 frames (49 by default).
 *
 * <p>{@link #drawInitialState(NumpyRandom)} consumes exactly the random numbers the reference
 * consumes for one trajectory, in the same order: the charges (one uniform each), randn(3, n)
 * positions, randn(3, n) velocities, then two randn(frames, 3, n) noise arrays that the reference
 * multiplies by a zero noise variance. {@link #integrate(ChargedInitialState)} is deterministic,
 * so trajectories can be integrated in parallel once their initial states are drawn.
 *
 * <p>Instances are immutable and thread-safe; create them with {@link #builder()}.
 */
public final class ChargedSystem extends NbodySystem<ChargedInitialState, ChargedTrajectory> {

    private static final double[] CHARGE_TYPES = {-1.0, 0.0, 1.0};
    private static final double[] CHARGE_PROBABILITIES = {0.5, 0.0, 0.5};

    private final double boxSize;
    private final double locStd;
    private final double velocityNorm;
    private final DistanceMode distanceMode;
    private final double maxForce;
    private final double effectiveLocStd;

    private ChargedSystem(Builder b) {
        super(b);
        boxSize = b.boxSize;
        locStd = b.locStd;
        velocityNorm = b.velocityNorm;
        distanceMode = b.distanceMode;
        maxForce = 0.1 / timeStep;
        effectiveLocStd = locStd * Math.pow(numParticles / 5.0, 1.0 / 3.0);
    }

    /**
     * Returns a builder with the reference defaults (5 particles, box 5, loc_std 1, velocity norm
     * 0.5, strength 1, dt 0.001, 5000 steps, a frame every 100 steps, numpy distances).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of saved frames, steps/sampleFrequency − 1.
     *
     * @return the frames per trajectory
     */
    @Override
    public int numFrames() {
        return steps / sampleFrequency - 1;
    }

    /**
     * Returns how squared distances are computed.
     *
     * @return the distance mode
     */
    public DistanceMode distanceMode() {
        return distanceMode;
    }

    /**
     * Draws the random part of one trajectory exactly as the reference does, including the
     * zero-variance noise draws that follow the integration.
     *
     * @param rng the stream, advanced by one trajectory's worth of draws
     * @return charges and the reflected initial positions and velocities
     * @throws IllegalStateException if an initial position lies beyond three box sizes (the
     *     reference fails an assertion there)
     */
    @Override
    public ChargedInitialState drawInitialState(NumpyRandom rng) {
        int n = numParticles;
        double[] charges = rng.choice(CHARGE_TYPES, CHARGE_PROBABILITIES, n);
        double[] loc = rng.randn(3, n);
        for (int i = 0; i < loc.length; i++) {
            loc[i] = loc[i] * effectiveLocStd;
        }
        double[] vel = rng.randn(3, n);
        for (int i = 0; i < n; i++) {
            double norm =
                    Math.sqrt(
                            (vel[i] * vel[i] + vel[n + i] * vel[n + i])
                                    + vel[2 * n + i] * vel[2 * n + i]);
            for (int k = 0; k < 3; k++) {
                vel[k * n + i] = vel[k * n + i] * velocityNorm / norm;
            }
        }
        reflect(loc, vel);
        rng.skipStandardNormals(2L * numFrames() * 3 * n);
        return new ChargedInitialState(charges, loc, vel);
    }

    /**
     * Integrates one trajectory from its initial state.
     *
     * @param init the initial state, with {@link #numParticles()} particles
     * @return the saved frames
     * @throws IllegalArgumentException if the particle count differs from this system's
     */
    @Override
    public ChargedTrajectory integrate(ChargedInitialState init) {
        int n = numParticles;
        if (init.numParticles() != n) {
            throw new IllegalArgumentException(
                    "initial state has " + init.numParticles() + " particles, system has " + n);
        }
        int frameSize = 3 * n;
        int frames = numFrames();
        double[] locOut = new double[frames * frameSize];
        double[] velOut = new double[frames * frameSize];
        double[] x = init.loc().clone();
        double[] v = init.vel().clone();
        double[] qq = new double[n * n];
        double[] q = init.charges();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                qq[i * n + j] = interactionStrength * (q[i] * q[j]);
            }
        }
        Workspace w = new Workspace(n);
        kick(x, v, qq, w);
        int lastSaved = (frames) * sampleFrequency;
        for (int step = 1; step <= lastSaved; step++) {
            for (int c = 0; c < frameSize; c++) {
                x[c] += timeStep * v[c];
            }
            if (step % sampleFrequency == 0) {
                int f = step / sampleFrequency - 1;
                System.arraycopy(x, 0, locOut, f * frameSize, frameSize);
                System.arraycopy(v, 0, velOut, f * frameSize, frameSize);
            }
            if (step < lastSaved) {
                kick(x, v, qq, w);
            }
        }
        return new ChargedTrajectory(locOut, velOut, q.clone());
    }

    /** Scratch arrays reused across the steps of one trajectory. */
    private static final class Workspace {
        private final double[] norms;
        private final double[] pairFactor;

        private Workspace(int n) {
            norms = new double[n];
            pairFactor = new double[n * n];
        }
    }

    /** v += dt·F(x), with F computed in the reference's arithmetic order. */
    private void kick(double[] x, double[] v, double[] qq, Workspace w) {
        final int n = numParticles;
        final double[] fs = w.pairFactor;
        final double[] norms = w.norms;
        final boolean numpy = distanceMode == DistanceMode.NUMPY;
        for (int i = 0; i < n; i++) {
            double a = x[i];
            double b = x[n + i];
            double c = x[2 * n + i];
            norms[i] = (a * a + b * b) + c * c;
        }
        for (int i = 0; i < n; i++) {
            final double xi = x[i];
            final double yi = x[n + i];
            final double zi = x[2 * n + i];
            final int rowI = i * n;
            fs[rowI + i] = 0.0;
            for (int j = i + 1; j < n; j++) {
                double d2;
                if (numpy) {
                    // numpy: A_norm + B_norm - 2 * A.dot(B.T); OpenBLAS accumulates x, y, z with FMAs.
                    double dot = Math.fma(zi, x[2 * n + j], Math.fma(yi, x[n + j], xi * x[j]));
                    d2 = (norms[i] + norms[j]) - 2.0 * dot;
                } else {
                    double dx = xi - x[j];
                    double dy = yi - x[n + j];
                    double dz = zi - x[2 * n + j];
                    d2 = (dx * dx + dy * dy) + dz * dz;
                }
                double f = qq[rowI + j] / Powers.pow1p5(d2);
                fs[rowI + j] = f;
                fs[j * n + i] = f;
            }
        }
        for (int k = 0; k < 3; k++) {
            final int row = k * n;
            for (int i = 0; i < n; i++) {
                final double xi = x[row + i];
                final int rowI = i * n;
                // (forces_size * (x_i - x_j)).sum(axis=-1): left to right over j, diagonal term 0.
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += fs[rowI + j] * (xi - x[row + j]);
                }
                if (s > maxForce) {
                    s = maxForce;
                } else if (s < -maxForce) {
                    s = -maxForce;
                }
                v[row + i] += timeStep * s;
            }
        }
    }

    private void reflect(double[] loc, double[] vel) {
        for (int c = 0; c < loc.length; c++) {
            if (!(Math.abs(loc[c]) < 3 * boxSize)) {
                throw new IllegalStateException(
                        "initial position " + loc[c] + " lies beyond three box sizes (" + 3 * boxSize + ")");
            }
            if (loc[c] > boxSize) {
                loc[c] = 2 * boxSize - loc[c];
                vel[c] = -Math.abs(vel[c]);
            }
            if (loc[c] < -boxSize) {
                loc[c] = -2 * boxSize - loc[c];
                vel[c] = Math.abs(vel[c]);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "ChargedSystem[n=" + numParticles + ", box=" + boxSize + ", locStd=" + locStd
                + ", velNorm=" + velocityNorm + ", k=" + interactionStrength + ", dt=" + timeStep
                + ", steps=" + steps + ", every=" + sampleFrequency + ", distances=" + distanceMode + "]";
    }

    /** Builds a {@link ChargedSystem}; every setter has the reference default. */
    public static final class Builder extends NbodySystem.Builder<Builder> {
        private double boxSize = 5.0;
        private double locStd = 1.0;
        private double velocityNorm = 0.5;
        private DistanceMode distanceMode = DistanceMode.NUMPY;

        private Builder() {
            super(5);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the half-width of the box used to reflect the initial state (default 5).
         *
         * @param boxSize positive
         * @return this Builder
         */
        public Builder optBoxSize(double boxSize) {
            this.boxSize = boxSize;
            return this;
        }

        /**
         * Sets the position scale before the (n/5)<sup>1/3</sup> factor (default 1).
         *
         * @param locStd positive
         * @return this Builder
         */
        public Builder optLocStd(double locStd) {
            this.locStd = locStd;
            return this;
        }

        /**
         * Sets the initial speed of every particle (default 0.5; the reference uses 1e-16 when
         * {@code --initial_vel 0}).
         *
         * @param velocityNorm positive
         * @return this Builder
         */
        public Builder optVelocityNorm(double velocityNorm) {
            this.velocityNorm = velocityNorm;
            return this;
        }

        /**
         * Sets how squared distances are computed (default {@link DistanceMode#NUMPY}).
         *
         * @param distanceMode the mode
         * @return this Builder
         */
        public Builder optDistanceMode(DistanceMode distanceMode) {
            this.distanceMode = distanceMode;
            return this;
        }

        /**
         * Validates the settings and builds the system.
         *
         * @return the system
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public ChargedSystem build() {
            checkShared();
            check(boxSize > 0, "boxSize must be > 0, got " + boxSize);
            check(locStd > 0, "locStd must be > 0, got " + locStd);
            check(velocityNorm > 0, "velocityNorm must be > 0, got " + velocityNorm);
            check(steps() / sampleFrequency() >= 2,
                    "steps must be at least twice sampleFrequency to save a frame, got " + steps());
            Objects.requireNonNull(distanceMode, "distanceMode");
            return new ChargedSystem(this);
        }
    }
}
