// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.github.segnn.djl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes the {@link TrainingHistory}'s metrics table to a CSV file after every epoch, whole and
 * atomically (temporary file, flushed, renamed), so that the file always holds every finished epoch
 * exactly once, also after a crash and a resume.
 */
public final class MetricsCsvListener extends TrainingListenerAdapter {

    private final Path file;
    private final TrainingHistory history;

    /**
     * Creates the listener.
     *
     * @param file the CSV file
     * @param history the run's history
     */
    public MetricsCsvListener(Path file, TrainingHistory history) {
        this.file = file;
        this.history = history;
    }

    /**
     * Writes the table now (a resumed run calls it before training, dropping rows of epochs after its
     * checkpoint).
     *
     * @throws IOException if the file cannot be written
     */
    public void write() throws IOException {
        AtomicFiles.writeString(file, history.toCsv());
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        history.restartClock();
    }
}
