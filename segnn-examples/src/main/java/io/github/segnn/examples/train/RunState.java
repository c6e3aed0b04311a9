// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;


/** The outcome of a training run: epochs done, the best validation epoch and its test metric. */
public final class RunState {

    /** Epochs completed. */
    public int epochsDone;
    /** Epoch (1-based) of the best validation metric, 0 if none yet. */
    public int bestEpoch;
    /** Best validation metric. */
    public double bestValid = Double.POSITIVE_INFINITY;
    /** Test metric at the best validation epoch. */
    public double testAtBest = Double.NaN;
    /** The run's seed. */
    public long seed;
    /** Name of the experiment. */
    public String experiment;

    /**
     * Returns the state at the end of a history.
     *
     * @param history the run's history
     * @param seed the run's seed
     * @param experiment the experiment's name
     * @return the state
     */
    public static RunState of(io.github.segnn.djl.training.listener.TrainingHistory history, long seed,
            String experiment) {
        RunState s = new RunState();
        s.epochsDone = history.epochsDone();
        s.bestEpoch = history.bestEpoch();
        s.bestValid = history.bestValid();
        s.testAtBest = history.testAtBest();
        s.seed = seed;
        s.experiment = experiment;
        return s;
    }
}
