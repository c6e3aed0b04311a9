// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Calls a checkpoint writer every {@code F} epochs and after the last one (after the other
 * listeners of the epoch, so that the checkpoint holds its evaluation).
 */
public final class CheckpointListener extends TrainingListenerAdapter {

    /** Writes a checkpoint of a trainer's state after an epoch. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the checkpoint.
         *
         * @param trainer the trainer
         * @param epoch the finished epoch
         * @throws IOException if it cannot be written
         */
        void write(Trainer trainer, int epoch) throws IOException;
    }

    private final int every;
    private final int epochs;
    private final TrainingHistory history;
    private final Writer writer;

    /**
     * Creates the listener.
     *
     * @param every write every this many epochs, at least 1
     * @param epochs the run's last epoch (always written)
     * @param history the run's history
     * @param writer the writer
     */
    public CheckpointListener(int every, int epochs, TrainingHistory history, Writer writer) {
        if (every < 1) {
            throw new IllegalArgumentException("CheckpointListener: write every >= 1 epochs, got " + every);
        }
        this.every = every;
        this.epochs = epochs;
        this.history = history;
        this.writer = writer;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        int epoch = history.epochsDone();
        if (epoch % every == 0 || epoch == epochs) {
            try {
                writer.write(trainer, epoch);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch + ": " + e.getMessage(),
                        e);
            }
        }
        history.restartClock();
    }
}
