// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.github.segnn.djl.io.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves the model's parameters ({@code Block.saveParameters}) to a file, atomically, after every
 * epoch that the {@link TrainingHistory} records as the new best validation epoch. Add it after the
 * {@link EvaluationListener}.
 */
public final class BestParametersListener extends TrainingListenerAdapter {

    private final Path file;
    private final TrainingHistory history;

    /**
     * Creates the listener.
     *
     * @param file the parameter file, for example {@code best.params}
     * @param history the run's history
     */
    public BestParametersListener(Path file, TrainingHistory history) {
        this.file = file;
        this.history = history;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        if (history.epochsDone() > 0 && history.bestEpoch() == history.epochsDone()) {
            try {
                AtomicFiles.writeStream(file, out -> trainer.getModel().getBlock().saveParameters(new DataOutputStream(out)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
