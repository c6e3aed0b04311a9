// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.util.ProgressBar;

/** DJL's {@link ProgressBar} over the training batches of each epoch, titled with the epoch. */
public final class ProgressBarListener extends TrainingListenerAdapter {

    private final TrainingHistory history;
    private ProgressBar bar;

    /**
     * Creates the listener.
     *
     * @param history the run's history (for the epoch number)
     */
    public ProgressBarListener(TrainingHistory history) {
        this.history = history;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (bar == null) {
            bar = new ProgressBar("epoch " + (history.epochsDone() + 1), batchData.getBatch().getProgressTotal());
        }
        bar.update(batchData.getBatch().getProgress());
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        if (bar != null) {
            bar.end();
            bar = null;
        }
    }
}
