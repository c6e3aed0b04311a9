// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.experiment.NbodyPlotsListener;
import io.github.segnn.examples.train.ExperimentRunner;
import io.github.segnn.examples.train.ParallelParts;
import io.github.segnn.examples.train.RunConfig;
import io.github.segnn.examples.train.RunState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segnn nbody train}: trains an N-body model (charged, or gravity with {@code --system
 * gravity}) with DJL's Trainer and ends with the line {@code test_mse=<value>} (the test MSE at the
 * best validation epoch), or with {@code --validation-only} the line {@code best_valid_mse=<value>
 * epoch=<epoch>} without ever evaluating the test set.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an N-body model (default SEGNN_G+P) and print test_mse at the best validation epoch.",
            "--system charged: 5 charged particles, fully connected; --system gravity: 100 bodies, 6-NN graph,"
                    + " --target pos|force predicted directly (train_gravity.py)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private NbodyRunOptions options;

    @Mixin
    private NbodyGenerationOptions generation;

    @Mixin
    private NbodyTrainingOptions training;

    @Option(names = "--epochs", defaultValue = "10",
            description = "Epochs (default ${DEFAULT-VALUE}: a short run; the paper uses 1000).")
    private int epochs;

    @Option(names = "--eval-every", defaultValue = "5", description = "Evaluate every N epochs (default ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Option(names = "--lr", defaultValue = "5e-4",
            description = "Learning rate (the peak of cosine and onecycle) (default ${DEFAULT-VALUE}).")
    private float lr;

    @Option(names = "--weight-decay", defaultValue = "1e-12",
            description = "Weight decay: L2 with --optimizer adam, decoupled with adamw (default ${DEFAULT-VALUE}).")
    private float weightDecay;

    @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint (checked against its"
            + " manifest and against this command's settings, which must be the run's; --epochs may be raised, except"
            + " with --schedule cosine or onecycle, whose length it is).")
    private boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "Write a checkpoint (folder checkpoint-NNNNNN in --out: parameters, optimizer moments, "
                    + "metrics so far, the run's settings) every N epochs and after the last (default ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    @Option(names = "--lr-milestones", split = ",", paramLabel = "E1,E2,...",
            description = "Multiply the learning rate by --lr-gamma after each of these epochs, as PyTorch's "
                    + "MultiStepLR (default: none, the official constant rate).")
    private int[] lrMilestones = new int[0];

    @Option(names = "--lr-gamma", defaultValue = "0.1",
            description = "Learning-rate factor at each milestone (default ${DEFAULT-VALUE}).")
    private float lrGamma;

    @Option(names = "--parallel-parts", defaultValue = "auto", paramLabel = "K",
            description = "Cut each training batch into K parts whose forward and backward passes run on K threads, "
                    + "sharing libtorch's threads; auto: on the CPU one part per core, each of at least "
                    + ParallelParts.MIN_SAMPLES + " systems (on a small CPU, parts of one thread each beat one batch on all threads: "
                    + "see BENCHMARKS.md), on a GPU 1. Same gradients up to "
                    + "rounding; runs are repeatable for K <= 2 (default ${DEFAULT-VALUE}).")
    private String parallelParts;

    @Option(names = "--validation-only",
            description = "Never evaluate the test set (for searches over settings): metrics.csv and the log have"
                    + " validation MSEs only, and the run ends with best_valid_mse=<value> epoch=<best epoch>"
                    + " instead of test_mse.")
    private boolean validationOnly;

    /** Creates the command; picocli fills the fields. */
    public TrainCommand() {
        // picocli
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Consumer<String> log = line -> {
            w.println(line);
            w.flush();
        };
        options.batchSize = training.batchSize(spec, options.batchSize, options.model);
        options.validate(spec, generation);
        NbodyTrainingOptions.Resolved recipe = training.resolve(spec, epochs, lr, weightDecay, options.batchSize,
                lrMilestones, lrGamma, options.model, log);
        epochs = recipe.epochs();
        lr = recipe.lr();
        weightDecay = recipe.weightDecay();
        validateTraining();
        for (int e : lrMilestones) {
            if (e < 1 || e >= epochs) {
                throw new ParameterException(spec.commandLine(), "--lr-milestones must lie in [1, --epochs - 1 = "
                        + (epochs - 1) + "], got " + e);
            }
        }
        if (!(lrGamma > 0)) {
            throw new ParameterException(spec.commandLine(), "--lr-gamma must be > 0, got " + lrGamma);
        }
        int parts = parts();
        Map<Dataset.Usage, ChargedFrames> data = options.load(generation, log);
        NbodyExperiment exp = options.experiment(data);
        Path out = options.outDir();
        RunConfig cfg = new RunConfig(epochs, evalEvery, lr, weightDecay, lrMilestones, lrGamma, options.seed, out,
                resume, options.device, parts, options.batchSize, checkpointEvery);
        RunState s = new ExperimentRunner(exp, cfg, options.recorded(), log).validationOnly(validationOnly)
                .techniques(recipe.techniques())
                .addTrainingListener(new NbodyPlotsListener(exp, cfg, out, log,
                        validationOnly ? Dataset.Usage.VALIDATION : Dataset.Usage.TEST)).run();
        log.accept(String.format(Locale.ROOT, "best validation mse %.6g at epoch %d; outputs in %s", s.bestValid,
                s.bestEpoch, out));
        if (validationOnly) {
            log.accept(String.format(Locale.ROOT, "best_valid_mse=%.6g epoch=%d", s.bestValid, s.bestEpoch));
        } else {
            log.accept(String.format(Locale.ROOT, "test_mse=%.6g", s.testAtBest));
        }
        return 0;
    }

    /** Checks the training options' ranges before any work. */
    private void validateTraining() {
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be >= 1, got " + epochs);
        }
        if (evalEvery < 1) {
            throw new ParameterException(spec.commandLine(), "--eval-every must be >= 1, got " + evalEvery);
        }
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new ParameterException(spec.commandLine(), "--lr must be a positive number, got " + lr);
        }
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new ParameterException(spec.commandLine(), "--weight-decay must be >= 0, got " + weightDecay);
        }
    }

    /** Parses {@code --parallel-parts}: 0 for auto, otherwise a part count in [1, --batch-size]. */
    private int parts() {
        if ("auto".equals(parallelParts)) {
            return 0;
        }
        int k;
        try {
            k = Integer.parseInt(parallelParts.trim());
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 1 || k > options.batchSize) {
            throw new ParameterException(spec.commandLine(), "--parallel-parts must be auto or in [1, --batch-size = "
                    + options.batchSize + "], got '" + parallelParts + "'");
        }
        return k;
    }
}
