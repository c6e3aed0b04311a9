// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.random.NumpyRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Generates N-body data sets the way the reference {@code generate_dataset.py} does (charged, or
 * gravity with {@code --simulation gravity}): one stream seeded once, then the training,
 * validation and test trajectories in that order.
 *
 * <p>The random numbers of a split are drawn sequentially (they are cheap); the integration, which
 * is deterministic given the initial state, then runs on {@code threads} threads. The result is
 * the same for every thread count.
 *
 * @param <R> the arrays of one split: {@link ChargedSplit} or {@link GravitySplit}
 */
public final class NbodyGenerator<R> {

    private final Recipe<?, ?, R> recipe;
    private final int threads;

    private NbodyGenerator(Recipe<?, ?, R> recipe, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.recipe = recipe;
        this.threads = threads;
    }

    /**
     * Creates a generator of charged data sets.
     *
     * @param system the simulator
     * @param threads how many threads integrate trajectories, at least 1
     * @return the generator
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public static NbodyGenerator<ChargedSplit> charged(ChargedSystem system, int threads) {
        Objects.requireNonNull(system, "system");
        return new NbodyGenerator<>(new Recipe<>(system,
                count -> ChargedSplit.assembler(system.numFrames(), system.numParticles(), count)), threads);
    }

    /**
     * Creates a generator of gravity data sets.
     *
     * @param system the simulator
     * @param threads how many threads integrate trajectories, at least 1
     * @return the generator
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public static NbodyGenerator<GravitySplit> gravity(GravitySystem system, int threads) {
        Objects.requireNonNull(system, "system");
        return new NbodyGenerator<>(new Recipe<>(system,
                count -> GravitySplit.assembler(system.numFrames(), system.numParticles(), count)), threads);
    }

    /**
     * Generates the next {@code count} trajectories of a stream.
     *
     * @param rng the stream, advanced past the trajectories' draws
     * @param count how many trajectories, at least 0
     * @return the trajectories in draw order
     */
    public R generate(NumpyRandom rng, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return recipe.run(rng, count, threads);
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
    public Map<Dataset.Usage, R> generate(long seed, int numTrain, int numValid, int numTest) {
        NumpyRandom rng = new NumpyRandom(seed);
        Map<Dataset.Usage, R> out = new EnumMap<>(Dataset.Usage.class);
        out.put(Dataset.Usage.TRAIN, generate(rng, numTrain));
        out.put(Dataset.Usage.VALIDATION, generate(rng, numValid));
        out.put(Dataset.Usage.TEST, generate(rng, numTest));
        return out;
    }

    /** A system and how the trajectories of one split are gathered into arrays. */
    private record Recipe<I, T, R>(NbodySystem<I, T> system, IntFunction<SplitAssembler<T, R>> assemblers) {

        R run(NumpyRandom rng, int count, int threads) {
            List<I> initial = new ArrayList<>(count);
            for (int t = 0; t < count; t++) {
                initial.add(system.drawInitialState(rng));
            }
            SplitAssembler<T, R> split = assemblers.apply(count);
            Parallel.forEach(count, threads, t -> split.put(t, system.integrate(initial.get(t))));
            return split.build();
        }
    }
}
