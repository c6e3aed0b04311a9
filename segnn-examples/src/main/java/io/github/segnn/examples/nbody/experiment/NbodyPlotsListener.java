// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.experiment;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.github.segnn.examples.train.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes an N-body run's plots ({@code NbodyReport}) when training ends, unless an epoch was left
 * unfinished (the run failed). A machine without font libraries cannot draw: the plots are then
 * skipped with a line in the log, the run itself being done.
 */
public final class NbodyPlotsListener extends TrainingListenerAdapter {

    private final NbodyExperiment experiment;
    private final RunConfig config;
    private final Path out;
    private final Consumer<String> log;
    private final Dataset.Usage shown;
    private boolean epochOpen;

    /**
     * Creates the listener.
     *
     * @param experiment the experiment
     * @param config the run's settings
     * @param out the run folder
     * @param log where the plots' paths go
     * @param shown the partition whose systems the trajectory plot shows
     */
    public NbodyPlotsListener(NbodyExperiment experiment, RunConfig config, Path out, Consumer<String> log,
            Dataset.Usage shown) {
        this.shown = shown;
        this.experiment = experiment;
        this.config = config;
        this.out = out;
        this.log = log;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        epochOpen = true;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        epochOpen = false;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (epochOpen) {
            return;
        }
        try {
            NbodyReport.writePlots(experiment, config, out, log, shown);
        } catch (IOException | LinkageError e) {
            log.accept("plots skipped: " + e);
        }
    }
}
