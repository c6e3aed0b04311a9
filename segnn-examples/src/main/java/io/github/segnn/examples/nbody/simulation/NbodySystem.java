// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import io.github.segnn.examples.random.NumpyRandom;

/**
 * A simulator of N particles in three dimensions that draws the random part of each trajectory
 * from a numpy stream exactly as a reference generator does, then integrates it deterministically;
 * {@link NbodyGenerator} therefore draws trajectories in stream order and integrates them in
 * parallel. Holds the settings every such simulator has: the particle count, the interaction
 * strength, the time step, the trajectory length in steps and how many steps lie between saved
 * frames.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <I> the random part of one trajectory
 * @param <T> one integrated trajectory
 */
public abstract class NbodySystem<I, T> {

    final int numParticles;
    final double interactionStrength;
    final double timeStep;
    final int steps;
    final int sampleFrequency;

    NbodySystem(Builder<?> b) {
        numParticles = b.numParticles;
        interactionStrength = b.interactionStrength;
        timeStep = b.timeStep;
        steps = b.steps;
        sampleFrequency = b.sampleFrequency;
    }

    /**
     * Returns the number of particles.
     *
     * @return n
     */
    public int numParticles() {
        return numParticles;
    }

    /**
     * Returns the time step.
     *
     * @return dt
     */
    public double timeStep() {
        return timeStep;
    }

    /**
     * Returns the number of frames saved per trajectory.
     *
     * @return the frames per trajectory
     */
    public abstract int numFrames();

    /**
     * Draws the random part of one trajectory exactly as the reference does, including the
     * zero-variance noise draws the reference makes after it.
     *
     * @param rng the stream, advanced by one trajectory's worth of draws
     * @return the initial state
     */
    public abstract I drawInitialState(NumpyRandom rng);

    /**
     * Integrates one trajectory from its initial state; deterministic.
     *
     * @param init the initial state, with {@link #numParticles()} particles
     * @return the saved frames
     * @throws IllegalArgumentException if the particle count differs from this system's
     */
    public abstract T integrate(I init);

    /**
     * Draws and integrates one trajectory.
     *
     * @param rng the stream
     * @return the saved frames
     */
    public T sample(NumpyRandom rng) {
        return integrate(drawInitialState(rng));
    }

    /**
     * The settings every N-body system has, each with the reference default; a system's own builder
     * adds its settings.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int numParticles;
        private double interactionStrength = 1.0;
        private double timeStep = 0.001;
        private int steps = 5000;
        private int sampleFrequency = 100;

        Builder(int numParticles) {
            this.numParticles = numParticles;
        }

        abstract B self();

        /**
         * Sets the number of particles (default 5 charged particles, 100 gravitating bodies).
         *
         * @param numParticles at least 2
         * @return this Builder
         */
        public B optNumParticles(int numParticles) {
            this.numParticles = numParticles;
            return self();
        }

        /**
         * Sets the interaction strength: the Coulomb constant k of the charged system, the
         * gravitational constant G of the gravity system (default 1).
         *
         * @param interactionStrength any finite value
         * @return this Builder
         */
        public B optInteractionStrength(double interactionStrength) {
            this.interactionStrength = interactionStrength;
            return self();
        }

        /**
         * Sets the time step dt (default 0.001).
         *
         * @param timeStep positive
         * @return this Builder
         */
        public B optTimeStep(double timeStep) {
            this.timeStep = timeStep;
            return self();
        }

        /**
         * Sets the trajectory length T in steps (default 5000).
         *
         * @param steps a positive multiple of the sample frequency
         * @return this Builder
         */
        public B optSteps(int steps) {
            this.steps = steps;
            return self();
        }

        /**
         * Sets how many steps lie between saved frames (default 100).
         *
         * @param sampleFrequency positive
         * @return this Builder
         */
        public B optSampleFrequency(int sampleFrequency) {
            this.sampleFrequency = sampleFrequency;
            return self();
        }

        /** Checks the shared settings, naming the first invalid one. */
        void checkShared() {
            check(numParticles >= 2, "numParticles must be >= 2, got " + numParticles);
            check(Double.isFinite(interactionStrength), "interactionStrength must be finite");
            check(timeStep > 0, "timeStep must be > 0, got " + timeStep);
            check(sampleFrequency > 0, "sampleFrequency must be > 0, got " + sampleFrequency);
            check(steps > 0, "steps must be > 0, got " + steps);
            check(steps % sampleFrequency == 0,
                    "steps (" + steps + ") must be a multiple of sampleFrequency (" + sampleFrequency + ")");
        }

        int steps() {
            return steps;
        }

        int sampleFrequency() {
            return sampleFrequency;
        }

        static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
