// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.experiment.NbodyPredictor;
import io.github.segnn.examples.plot.TrajectoryPlot;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segnn nbody predict}: prints predicted and true positions of chosen systems and plots them. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict frame-40 positions (gravity: or forces) of chosen systems with a trained model; print and"
                + " plot them.")
public final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private NbodyRunOptions options;

    @Option(names = "--split", defaultValue = "test", description = "train, valid or test (default ${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--index", split = ",", defaultValue = "0", description = "System indices, comma-separated (default ${DEFAULT-VALUE}).")
    private int[] index;

    @Option(names = "--params", description = "Parameter file (default <out>/best.params).")
    private Path params;

    @Option(names = "--png", description = "Plot file (default <out>/predict.png).")
    private Path png;

    /** Creates the command; picocli fills the fields. */
    public PredictCommand() {
        // picocli
    }

    @Override
    public Integer call() throws Exception {
        options.adoptRun(spec);
        options.validate(spec, null);
        Dataset.Usage s;
        try {
            s = Partitions.parse(split, "N-body");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--split must be train, valid or test, got '" + split + "'");
        }
        NbodyExperiment exp = options.experiment(options.load(null, System.out::println));
        ChargedFrames f = exp.frames(s);
        for (int i : index) {
            if (i < 0 || i >= f.size()) {
                throw new IllegalArgumentException("--index " + i + " is outside the " + f.size() + " systems of " + split);
            }
        }
        Path p = params != null ? params : options.outDir().resolve("best.params");
        try (NbodyPredictor predictor = new NbodyPredictor(exp, p, options.device)) {
            double[][][] pred = predictor.predict(f, index);
            double[][][] truth = NbodyPredictor.positions(f, index, true);
            double[][][] input = NbodyPredictor.positions(f, index, false);
            double se = 0;
            int terms = 0;
            for (int k = 0; k < index.length; k++) {
                System.out.println("system " + index[k] + " (" + split + "): particle, predicted x y z, true x y z");
                for (int j = 0; j < pred[k].length; j++) {
                    System.out.println(String.format(Locale.ROOT, "  %d  %9.5f %9.5f %9.5f   %9.5f %9.5f %9.5f", j,
                            pred[k][j][0], pred[k][j][1], pred[k][j][2], truth[k][j][0], truth[k][j][1], truth[k][j][2]));
                    for (int c = 0; c < 3; c++) {
                        se += Math.pow(pred[k][j][c] - truth[k][j][c], 2);
                        terms++;
                    }
                }
            }
            if (!exp.task().predictsPositions()) {
                System.out.println(String.format(Locale.ROOT, "mse over these systems: %.6g", se / terms));
                return 0;
            }
            Path plot = png != null ? png : options.outDir().resolve("predict.png");
            int shown = Math.min(4, index.length);
            TrajectoryPlot.write(plot, exp.name() + " predictions (x-y)", java.util.Arrays.copyOf(index, shown),
                    java.util.Arrays.copyOf(input, shown),
                    java.util.Arrays.copyOf(truth, shown), java.util.Arrays.copyOf(pred, shown));
            System.out.println(String.format(Locale.ROOT, "mse over these systems: %.6g; plot: %s", se / terms, plot));
        }
        return 0;
    }
}
