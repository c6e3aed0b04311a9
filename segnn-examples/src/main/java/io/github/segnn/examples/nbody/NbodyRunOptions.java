package io.github.segnn.examples.nbody;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code nbody train}, {@code eval} and {@code predict}. */
public final class NbodyRunOptions {

    @Option(names = "--model", defaultValue = "segnn-gp", converter = ArchitectureConverter.class,
            description = "Model: segnn-gp, segnn-g, se-linear, se-nonlinear, egnn (default ${DEFAULT-VALUE}).")
    NbodyArchitecture model;

    @Option(names = "--data", defaultValue = "data/nbody",
            description = "Data folder; generated (seed 43) if it holds no data (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", description = "Run folder (default runs/nbody-<model>[-faithful]).")
    Path out;

    @Option(names = "--faithful",
            description = "Centre each node on its own coordinate mean as the official code does (breaks equivariance).")
    boolean faithful;

    @Option(names = "--max-samples", defaultValue = "3000", description = "Training trajectories (default ${DEFAULT-VALUE}).")
    int maxSamples;

    @Option(names = "--batch-size", defaultValue = "100", description = "Systems per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialization and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpuN (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for data generation (default ${DEFAULT-VALUE}).")
    int threads;

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
        return out != null ? out : Path.of("runs", "nbody-" + model.flag() + (faithful ? "-faithful" : ""));
    }

    /**
     * Builds the experiment on loaded data.
     *
     * @param data the frames
     * @return the experiment
     */
    NbodyExperiment experiment(Map<Split, ChargedFrames> data) {
        if (batchSize < 1 || maxSamples < 1) {
            throw new IllegalArgumentException("--batch-size and --max-samples must be >= 1");
        }
        return new NbodyExperiment(model, faithful ? Centring.PER_NODE : Centring.PER_GRAPH, data, maxSamples, batchSize);
    }

    /**
     * Builds an experiment for model-only work (no data): 5 particles, the given batch size.
     *
     * @return the experiment
     */
    NbodyExperiment experimentWithoutData() {
        java.util.Map<Split, ChargedFrames> empty = new java.util.EnumMap<>(Split.class);
        double[] frames = new double[batchSize * 3 * 5];
        ChargedFrames dummy = new ChargedFrames(5, frames, frames, frames, new double[batchSize * 5]);
        for (Split s : Split.values()) {
            empty.put(s, dummy);
        }
        return new NbodyExperiment(model, faithful ? Centring.PER_NODE : Centring.PER_GRAPH, empty, batchSize, batchSize);
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
