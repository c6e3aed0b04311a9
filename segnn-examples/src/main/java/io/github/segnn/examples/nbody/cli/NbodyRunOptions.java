// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.GravityData;
import io.github.segnn.examples.nbody.data.GravityTarget;
import io.github.segnn.examples.nbody.data.NbodyData;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.experiment.NbodyTask;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.train.RunCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Options shared by {@code nbody train}, {@code eval}, {@code predict} and {@code import-weights};
 * {@link #validate} checks them, and their combinations, before any work.
 */
public final class NbodyRunOptions {

    @Option(names = "--system", defaultValue = "charged", paramLabel = "charged|gravity",
            description = "Experiment: charged (5 charged particles, fully connected, p + output) or gravity (100 "
                    + "bodies, kNN graph, direct prediction) (default ${DEFAULT-VALUE}).")
    GenerateCommand.SystemKind system;

    @Option(names = "--model", defaultValue = "segnn-gp", converter = ArchitectureConverter.class,
            description = "Model: segnn-gp, segnn-g, se-linear, se-nonlinear, egnn (charged only) (default ${DEFAULT-VALUE}).")
    NbodyArchitecture model;

    @Option(names = "--data",
            description = "Data folder; train generates the data (seed 43) if it holds none (default data/nbody, "
                    + "data/gravity with --system gravity).")
    Path data;

    @Option(names = "--out",
            description = "Run folder (default runs/nbody-<model>[-faithful], runs/gravity[-force]-<model>[-faithful]).")
    Path out;

    @Option(names = "--target", defaultValue = "pos", paramLabel = "pos|force",
            description = "Gravity only: predict the frame-40 positions or forces (default ${DEFAULT-VALUE}).")
    GravityTarget target;

    @Option(names = "--neighbours", defaultValue = "6",
            description = "Gravity only: k of the k-nearest-neighbour graph (default ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--faithful",
            description = "Centre each node on its own coordinate mean as the official code does (breaks equivariance).")
    boolean faithful;

    @Option(names = "--max-samples",
            description = "Training trajectories used (default 3000 charged, 10000 gravity, as the reference).")
    Integer maxSamples;

    @Option(names = "--batch-size", defaultValue = "100", description = "Systems per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialization and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpuN (default ${DEFAULT-VALUE}).")
    String device;

    /** Creates the options; picocli fills the fields. */
    public NbodyRunOptions() {
        // picocli
    }

    /**
     * Returns the run folder.
     *
     * @return {@code --out} or its default
     */
    Path outDir() {
        return out != null ? out : Path.of("runs", task().name() + "-" + model.flag() + (faithful ? "-faithful" : ""));
    }

    /**
     * Returns the experiment's task.
     *
     * @return charged, or gravity with {@code --neighbours} and {@code --target}
     */
    NbodyTask task() {
        return system == GenerateCommand.SystemKind.GRAVITY ? NbodyTask.gravity(neighbours, target) : NbodyTask.CHARGED;
    }

    /**
     * Returns the data folder.
     *
     * @return {@code --data} or its default for the system
     */
    Path dataDir() {
        return data != null ? data : Path.of("data", system == GenerateCommand.SystemKind.GRAVITY ? "gravity" : "nbody");
    }

    /**
     * Checks the options and their combinations before any work (data generation, engine start).
     *
     * @param spec the command, for the usage message
     * @param generation the generation options of {@code train}, or null for commands that read
     *     existing data only
     * @throws ParameterException naming the option and the reason
     */
    void validate(CommandSpec spec, NbodyGenerationOptions generation) {
        boolean gravity = system == GenerateCommand.SystemKind.GRAVITY;
        CommandLine cl = spec.commandLine();
        if (gravity && model == NbodyArchitecture.EGNN) {
            throw new ParameterException(cl, "--model egnn is for --system charged only: it predicts positions by"
                    + " updating positions, while the gravity task predicts its target directly; use segnn-gp,"
                    + " segnn-g, se-linear or se-nonlinear");
        }
        if (!gravity) {
            for (String gravityOnly : new String[] {"--target", "--neighbours"}) {
                if (cl.getParseResult().hasMatchedOption(gravityOnly)) {
                    throw new ParameterException(cl, gravityOnly + " applies to --system gravity only");
                }
            }
        }
        if (neighbours < 1) {
            throw new ParameterException(cl, "--neighbours must be >= 1, got " + neighbours);
        }
        if (batchSize < 1) {
            throw new ParameterException(cl, "--batch-size must be >= 1, got " + batchSize);
        }
        if (maxSamples != null && maxSamples < batchSize) {
            throw new ParameterException(cl, "--max-samples " + maxSamples + " is smaller than --batch-size "
                    + batchSize + ": no complete training batch");
        }
        if (!device.matches("auto|cpu|gpu\\d*")) {
            throw new ParameterException(cl, "--device must be auto, cpu or gpuN, got '" + device + "'");
        }
        if (generation != null) {
            generation.validate(spec, gravity);
            if (gravity && neighbours >= generation.particles) {
                throw new ParameterException(cl, "--neighbours " + neighbours + " needs more than that many bodies,"
                        + " got --particles " + generation.particles);
            }
        }
    }

    /**
     * Loads the frames of the system from {@link #dataDir()}.
     *
     * @param generation how to generate the data (seed 43) if the folder holds none, or null to
     *     require existing data
     * @param log progress messages
     * @return the frames of train, valid and test
     * @throws IOException if the data cannot be read or written, is incomplete or damaged
     */
    Map<Dataset.Usage, ChargedFrames> load(NbodyGenerationOptions generation, Consumer<String> log) throws IOException {
        boolean generate = generation != null;
        NbodyGenerationOptions g = generate ? generation : new NbodyGenerationOptions();
        int[] counts = generate ? g.counts() : new int[] {10000, 2000, 2000};
        if (system == GenerateCommand.SystemKind.GRAVITY) {
            return GravityData.load(dataDir(), target, generate, 43, counts, generate ? g.particles : 100,
                    generate ? g.threads : 1, log);
        }
        return NbodyData.load(dataDir(), generate, 43, counts, generate ? g.threads : 1, log);
    }

    /**
     * Builds the experiment on loaded data.
     *
     * @param data the frames
     * @return the experiment
     */
    NbodyExperiment experiment(Map<Dataset.Usage, ChargedFrames> data) {
        int samples = maxSamples != null ? maxSamples : system == GenerateCommand.SystemKind.GRAVITY ? 10000 : 3000;
        if (batchSize < 1 || samples < 1) {
            throw new IllegalArgumentException("--batch-size and --max-samples must be >= 1");
        }
        return new NbodyExperiment(task(), model, faithful ? Centring.PER_NODE : Centring.PER_GRAPH, data, samples,
                batchSize);
    }

    /**
     * Builds an experiment for model-only work (no data): 5 particles, the given batch size.
     *
     * @return the experiment
     */
    NbodyExperiment experimentWithoutData() {
        java.util.Map<Dataset.Usage, ChargedFrames> empty = new java.util.EnumMap<>(Dataset.Usage.class);
        double[] frames = new double[batchSize * 3 * 5];
        ChargedFrames dummy = new ChargedFrames(5, frames, frames, frames, new double[batchSize * 5]);
        for (Dataset.Usage s : Partitions.ORDER) {
            empty.put(s, dummy);
        }
        return new NbodyExperiment(task(), model, faithful ? Centring.PER_NODE : Centring.PER_GRAPH, empty, batchSize,
                batchSize);
    }

    /** The options a training run records in its checkpoints, which eval and predict adopt. */
    private static final List<String> RECORDED = List.of("--system", "--model", "--target", "--neighbours", "--faithful",
            "--max-samples", "--batch-size", "--seed");

    /**
     * Returns the values of the options that define a run, as its checkpoints record them.
     *
     * @return option name to value
     */
    Map<String, String> recorded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--system", system.name().toLowerCase(Locale.ROOT));
        m.put("--model", model.flag());
        m.put("--target", target.flag());
        m.put("--neighbours", Integer.toString(neighbours));
        m.put("--faithful", Boolean.toString(faithful));
        m.put("--max-samples", maxSamples == null ? "default" : Integer.toString(maxSamples));
        m.put("--batch-size", Integer.toString(batchSize));
        m.put("--seed", Long.toString(seed));
        return m;
    }

    /**
     * Takes the run's settings from the newest checkpoint in the run folder ({@code --out}, which must
     * then be given or be the default of the options given): an option not on the command line takes
     * the run's value, one on it must agree with the run.
     *
     * @param spec the command, to see which options were given
     * @throws IOException if the checkpoint cannot be read
     * @throws IllegalArgumentException naming every option that contradicts the run
     */
    void adoptRun(CommandSpec spec) throws IOException {
        Path dir = outDir();
        List<RunCheckpoint> all = RunCheckpoint.list(dir);
        if (all.isEmpty()) {
            return;
        }
        Map<String, String> run = all.get(0).configuration();
        ParseResult given = spec.commandLine().getParseResult();
        List<String> diff = new ArrayList<>();
        for (String name : RECORDED) {
            String value = run.get(name);
            if (value == null) {
                continue;
            }
            if (given.hasMatchedOption(name)) {
                String asked = recorded().get(name);
                if (!asked.equals(value)) {
                    diff.add(name + ": the run in " + dir + " has " + value + ", this command asks for " + asked);
                }
            } else {
                set(name, value);
            }
        }
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", diff) + " (leave these options out to use the run's)");
        }
    }

    private void set(String name, String value) {
        switch (name) {
            case "--system":
                system = GenerateCommand.SystemKind.valueOf(value.toUpperCase(Locale.ROOT));
                break;
            case "--model":
                model = NbodyArchitecture.parse(value);
                break;
            case "--target":
                target = GravityTarget.valueOf(value.toUpperCase(Locale.ROOT));
                break;
            case "--neighbours":
                neighbours = Integer.parseInt(value);
                break;
            case "--faithful":
                faithful = Boolean.parseBoolean(value);
                break;
            case "--max-samples":
                maxSamples = "default".equals(value) ? null : Integer.valueOf(value);
                break;
            case "--batch-size":
                batchSize = Integer.parseInt(value);
                break;
            case "--seed":
                seed = Long.parseLong(value);
                break;
            default:
                throw new IllegalArgumentException("unknown recorded option " + name);
        }
    }

    /** Converts {@code --model} values. */
    static final class ArchitectureConverter implements picocli.CommandLine.ITypeConverter<NbodyArchitecture> {
        @Override
        public NbodyArchitecture convert(String value) {
            try {
                return NbodyArchitecture.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
