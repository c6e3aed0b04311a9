// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.experiment;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.plot.LearningCurves;
import io.github.segnn.examples.plot.TrajectoryPlot;
import io.github.segnn.examples.train.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Writes the plots of an N-body run: learning curves and predicted against true positions. */
final class NbodyReport {

    private NbodyReport() {}

    /**
     * Writes {@code learning_curves.png} and, if the target is a position, {@code trajectories.png}
     * into the run folder.
     *
     * @param exp the experiment
     * @param cfg the run settings
     * @param out the run folder
     * @param log where to report the paths
     * @param shown the partition whose systems the trajectory plot shows ({@code TEST}, or {@code
     *     VALID} for a run that must not see the test set)
     * @throws IOException if writing fails
     */
    public static void writePlots(NbodyExperiment exp, RunConfig cfg, Path out, Consumer<String> log, Dataset.Usage shown)
            throws IOException {
        Path curves = out.resolve("learning_curves.png");
        LearningCurves.write(out.resolve("metrics.csv"), curves, exp.name() + " " + exp.task().title(), "mse");
        if (!exp.task().predictsPositions()) {
            log.accept("plots: " + curves);
            return;
        }
        int[] systems = {0, 1, 2, 3};
        ChargedFrames test = exp.frames(shown);
        try (NbodyPredictor p = new NbodyPredictor(exp, out.resolve("best.params"), cfg.device())) {
            Path traj = out.resolve("trajectories.png");
            TrajectoryPlot.write(traj, exp.name() + ": " + shown.name().toLowerCase(java.util.Locale.ROOT) + " systems 0-3, frame 30 -> 40 (x-y)", systems,
                    NbodyPredictor.positions(test, systems, false), NbodyPredictor.positions(test, systems, true),
                    p.predict(test, systems));
            log.accept("plots: " + curves + " and " + traj);
        }
    }
}
