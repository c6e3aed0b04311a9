// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.io.IoMessages;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Pooling;
import io.github.segnn.examples.qm9.data.Qm9Data;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9SplitScheme;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.experiment.Qm9Experiment;
import io.github.segnn.examples.qm9.experiment.Qm9Report;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import io.github.segnn.examples.qm9.model.Qm9ModelConfig;
import io.github.segnn.examples.train.ExperimentRunner;
import io.github.segnn.examples.train.RunConfig;
import io.github.segnn.examples.train.RunState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segnn qm9 train}: trains a SEGNN on one QM9 target as {@code qm9/train.py} (Adam 5e-4,
 * weight decay 1e-8, batch 128, L1 loss on standardized targets, learning rate x0.1 after
 * {@code floor(0.8 E)} and {@code floor(0.9 E)} epochs, best-validation checkpoint) and ends with
 * the line {@code test_mae=<value> <unit>}: the test MAE at the best validation epoch.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a SEGNN on one QM9 target; prints test_mae=<value> <unit> at the best validation epoch.",
            "Writes <out>/metrics.csv, learning_curves.png, best.params, checkpoint.*, qm9-run.json."})
public final class Qm9TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Qm9DataOptions dataOptions;

    @Option(names = "--target", defaultValue = "alpha",
            description = "alpha, gap, homo, lumo, mu, Cv, G, H, r2, U, U0, zpve (default ${DEFAULT-VALUE}).")
    private String target;

    @Option(names = "--split", defaultValue = "cormorant",
            description = "cormorant (100k/17748/13083) or 110k (110k/10k/rest) (default ${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--max-train", paramLabel = "N",
            description = "Train on N molecules of the training split, a random subset (default: all).")
    private Integer maxTrain;

    @Option(names = "--max-eval", paramLabel = "N",
            description = "Evaluate on N molecules each of valid and test, random subsets, for short runs (default: all).")
    private Integer maxEval;

    @Option(names = "--batch-size", defaultValue = "128", description = "Molecules per batch (default ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--radius", defaultValue = "2.0", description = "Graph radius in Angstrom (default ${DEFAULT-VALUE}).")
    private double radius;

    @Option(names = "--lmax-attr", defaultValue = "3", description = "Degree of the attributes (default ${DEFAULT-VALUE}).")
    private int lmaxAttr;

    @Option(names = "--lmax-h", defaultValue = "2", description = "Degree of the hidden features (default ${DEFAULT-VALUE}).")
    private int lmaxH;

    @Option(names = "--layers", defaultValue = "7", description = "Message-passing layers (default ${DEFAULT-VALUE}).")
    private int layers;

    @Option(names = "--hidden-features", defaultValue = "128",
            description = "Hidden scalar budget, weight-balanced over degrees (default ${DEFAULT-VALUE}).")
    private int hiddenFeatures;

    @Option(names = "--norm", defaultValue = "instance", converter = NormConverter.class, description = "instance, batch or none (default ${DEFAULT-VALUE}).")
    private FeatureNorm norm;

    @Option(names = "--pool", defaultValue = "avg", converter = PoolConverter.class, description = "avg or sum (default ${DEFAULT-VALUE}).")
    private Pooling pool;

    @Option(names = "--epochs", defaultValue = "1000", description = "Epochs (default ${DEFAULT-VALUE}, the paper's).")
    private int epochs;

    @Option(names = "--eval-every", defaultValue = "1",
            description = "Evaluate validation and test every N epochs (default ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    private float lr;

    @Option(names = "--weight-decay", defaultValue = "1e-8", description = "Adam weight decay (default ${DEFAULT-VALUE}).")
    private float weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialization and shuffling (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", description = "Run folder (default runs/qm9-<target>).")
    private Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint (checked against its"
            + " manifest and this command's settings).")
    private boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "Write a checkpoint (folder checkpoint-NNNNNN in --out) every N epochs and after the last "
                    + "(default ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpuN (default ${DEFAULT-VALUE}).")
    private String device;

    /** Creates the command; picocli fills the fields. */
    public Qm9TrainCommand() {
        // picocli
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        Consumer<String> log = s -> {
            stdout.println(s);
            stdout.flush();
        };
        try {
            Qm9Target t = Qm9Target.parse(target);
            Qm9SplitScheme scheme = Qm9Data.scheme(split);
            Qm9ModelConfig config = new Qm9ModelConfig(radius, lmaxAttr, lmaxH, layers, hiddenFeatures, norm, pool);
            config.hiddenIrreps();
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            }
            int[] milestones = {(int) Math.floor(0.8 * epochs), (int) Math.floor(0.9 * epochs)};
            Path dir = out != null ? out : Path.of("runs", "qm9-" + t.label());
            RunConfig cfg = new RunConfig(epochs, evalEvery, lr, weightDecay, milestones, 0.1f, seed, dir, resume, device,
                    1, batchSize, checkpointEvery);
            int max = maxTrain == null ? Integer.MAX_VALUE : maxTrain;
            Map<Dataset.Usage, List<Qm9Molecule>> parts = dataOptions.load(scheme, max,
                    maxEval == null ? Integer.MAX_VALUE : maxEval, log);
            Qm9Experiment exp = new Qm9Experiment(config, t, parts, batchSize, null, dataOptions.threads);
            Qm9Graphs train = exp.graphs(Dataset.Usage.TRAIN);
            log.accept(String.format(Locale.ROOT, "graphs (radius %.3g A) of all partitions built in %.1f s; train: %d"
                    + " molecules, %d atoms, %d edges, %d isolated atoms", config.radius(), exp.buildSeconds(),
                    train.size(), train.totalAtoms(), train.totalEdges(), train.isolatedAtoms()));
            log.accept(String.format(Locale.ROOT, "target %s [%s]: training mean %.8g, mean absolute deviation %.8g",
                    t.label(), t.unit(), exp.standardization().mean(), exp.standardization().mad()));
            log.accept("model: hidden " + config.hiddenIrreps() + ", " + layers + " layers, lmax_attr " + lmaxAttr
                    + ", " + norm.name().toLowerCase(Locale.ROOT) + " norm, " + pool.name().toLowerCase(Locale.ROOT)
                    + " pooling; lr " + lr + " x0.1 after epochs " + milestones[0] + " and " + milestones[1]);
            String splitName = split.strip().toLowerCase(Locale.ROOT);
            Qm9RunInfo info = Qm9RunInfo.of(exp, splitName, maxTrain == null ? -1 : maxTrain,
                    maxEval == null ? -1 : maxEval);
            if (resume && Files.exists(dir.resolve(Qm9RunInfo.FILE))) {
                String diff = Qm9RunInfo.read(dir).difference(info);
                if (diff != null) {
                    throw new IllegalArgumentException(dir + " was trained with " + diff + "; use another --out");
                }
            }
            info.write(dir);
            RunState s = new ExperimentRunner(exp, cfg, log).run();
            Path png = Qm9Report.writePlots(dir, t, exp.standardization());
            log.accept(String.format(Locale.ROOT, "best validation MAE %.6g %s at epoch %d; plot %s; outputs in %s",
                    s.bestValid, t.reportUnit(), s.bestEpoch, png, dir));
            log.accept(String.format(Locale.ROOT, "test_mae=%.6g %s", s.testAtBest, t.reportUnit()));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("qm9 train: " + IoMessages.describe(e).replace('\n', ' '));
            err.flush();
            return 1;
        }
    }

    /** Converts {@code --norm} values, ignoring case. */
    static final class NormConverter implements picocli.CommandLine.ITypeConverter<FeatureNorm> {
        @Override
        public FeatureNorm convert(String value) {
            for (FeatureNorm n : FeatureNorm.values()) {
                if (n.name().equalsIgnoreCase(value.strip())) {
                    return n;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("--norm must be instance, batch or none, got '"
                    + value + "'");
        }
    }

    /** Converts {@code --pool} values, ignoring case. */
    static final class PoolConverter implements picocli.CommandLine.ITypeConverter<Pooling> {
        @Override
        public Pooling convert(String value) {
            for (Pooling p : Pooling.values()) {
                if (p.name().equalsIgnoreCase(value.strip())) {
                    return p;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("--pool must be avg or sum, got '" + value + "'");
        }
    }
}
