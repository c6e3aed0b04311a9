// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import io.github.segnn.examples.nbody.data.Split;
import io.github.segnn.examples.random.NumpyRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Generates gravity data sets the way the reference {@code generate_dataset.py --simulation
 * gravity} does: one stream seeded once, then training, validation and test trajectories in that
 * order. Draws are sequential, integration runs on {@code threads} threads; the result does not
 * depend on the thread count.
 */
public final class GravityGenerator {

    private final GravitySystem system;
    private final int threads;

    /**
     * Creates a generator.
     *
     * @param system the simulator
     * @param threads how many threads integrate trajectories, at least 1
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public GravityGenerator(GravitySystem system, int threads) {
        this.system = Objects.requireNonNull(system, "system");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * Generates the next {@code count} trajectories of a stream.
     *
     * @param rng the stream, advanced past the trajectories' draws
     * @param count how many trajectories, at least 0
     * @return the trajectories in draw order
     */
    public GravitySplit generate(NumpyRandom rng, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        GravityInitialState[] initial = new GravityInitialState[count];
        for (int t = 0; t < count; t++) {
            initial[t] = system.drawInitialState(rng);
        }
        int n = system.numParticles();
        int per = system.numFrames() * 3 * n;
        double[] loc = new double[Math.multiplyExact(count, per)];
        double[] vel = new double[loc.length];
        double[] force = new double[loc.length];
        double[] mass = new double[count * n];
        Parallel.forEach(count, threads, t -> {
            GravityTrajectory tr = system.integrate(initial[t]);
            System.arraycopy(tr.loc(), 0, loc, t * per, per);
            System.arraycopy(tr.vel(), 0, vel, t * per, per);
            System.arraycopy(tr.force(), 0, force, t * per, per);
            System.arraycopy(tr.mass(), 0, mass, t * n, n);
        });
        return new GravitySplit(system.numFrames(), n, loc, vel, force, mass);
    }

    /**
     * Generates the three splits from {@code np.random.seed(seed)}, train first, as the reference.
     *
     * @param seed the seed, between 0 and 2<sup>32</sup> − 1
     * @param numTrain training trajectories
     * @param numValid validation trajectories
     * @param numTest test trajectories
     * @return the splits, keyed in generation order
     */
    public Map<Split, GravitySplit> generate(long seed, int numTrain, int numValid, int numTest) {
        NumpyRandom rng = new NumpyRandom(seed);
        Map<Split, GravitySplit> out = new EnumMap<>(Split.class);
        out.put(Split.TRAIN, generate(rng, numTrain));
        out.put(Split.VALID, generate(rng, numValid));
        out.put(Split.TEST, generate(rng, numTest));
        return out;
    }
}
