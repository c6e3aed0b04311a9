// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.io.StagedFolder;
import io.github.segnn.examples.nbody.data.ChargedFiles;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.GravityFiles;
import io.github.segnn.examples.nbody.simulation.ChargedSplit;
import io.github.segnn.examples.nbody.simulation.ChargedSystem;
import io.github.segnn.examples.nbody.simulation.DistanceMode;
import io.github.segnn.examples.nbody.simulation.GravitySplit;
import io.github.segnn.examples.nbody.simulation.GravitySystem;
import io.github.segnn.examples.nbody.simulation.NbodyGenerator;
import io.github.segnn.examples.random.NumpyRandom;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segnn nbody generate}: writes a charged or gravity N-body data set as the reference
 * {@code generate_dataset.py} does (same seed, same random stream, same file names and shapes).
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate an N-body data set with the random stream, file names and shapes of the"
                    + " reference generate_dataset.py.",
            "charged: {loc,vel,edges,charges}_{split}_charged5_initvel1<suffix>.npy,"
                    + " shapes (S,49,3,5), (S,49,3,5), (S,5,5), (S,5,1);"
                    + " --layout frames writes loc30/vel30/loc40/charges_{split}.npy instead.",
            "gravity: {loc,vel,force,mass}_{split}_gravity100_initvel1<suffix>.npy,"
                    + " shapes (S,50,3,100) x3 and (S,100,1)."
        })
public final class GenerateCommand implements Callable<Integer> {

    /** Which simulator to run. */
    public enum SystemKind {
        /** Five charged particles ({@link ChargedSystem}). */
        CHARGED,
        /** A hundred gravitating bodies ({@link GravitySystem}). */
        GRAVITY
    }

    /** Which files to write for the charged system. */
    public enum Layout {
        /** The reference generator's four full arrays per split. */
        REFERENCE,
        /** Only the experiment's frames (loc30, vel30, loc40, charges) per split. */
        FRAMES,
        /** Both. */
        BOTH
    }

    @Spec private CommandSpec spec;

    @Option(names = "--system", defaultValue = "charged", paramLabel = "charged|gravity",
            description = "Simulator (default: ${DEFAULT-VALUE}).")
    private SystemKind system;

    @Option(names = "--out", defaultValue = "data/nbody", paramLabel = "DIR",
            description = "Output directory, created if missing; the files are written to a temporary folder beside it"
                    + " and moved in when complete, never over existing files (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--num-train", defaultValue = "10000", paramLabel = "N",
            description = "Training trajectories (default: ${DEFAULT-VALUE}).")
    private int numTrain;

    @Option(names = "--num-valid", defaultValue = "2000", paramLabel = "N",
            description = "Validation trajectories (default: ${DEFAULT-VALUE}).")
    private int numValid;

    @Option(names = "--num-test", defaultValue = "2000", paramLabel = "N",
            description = "Test trajectories (default: ${DEFAULT-VALUE}).")
    private int numTest;

    @Option(names = "--seed", defaultValue = "43", paramLabel = "SEED",
            description = "np.random.seed value, 0..4294967295 (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--suffix", defaultValue = "small", paramLabel = "TEXT",
            description = "Data-set name suffix, as the reference --suffix (default: ${DEFAULT-VALUE}).")
    private String suffix;

    @Option(names = "--threads", paramLabel = "N",
            description = "Integration threads (default: available processors).")
    private Integer threads;

    @Option(names = "--particles", paramLabel = "N",
            description = "Particles per system (default: 5 charged, 100 gravity).")
    private Integer particles;

    @Option(names = "--layout", defaultValue = "reference", paramLabel = "reference|frames|both",
            description = "Charged files to write (default: ${DEFAULT-VALUE}).")
    private Layout layout;

    @Option(names = "--distance", defaultValue = "numpy", paramLabel = "numpy|direct",
            description = "Charged squared distances: numpy's |a|^2+|b|^2-2a.b (reproduces the"
                    + " reference) or direct |a-b|^2 (default: ${DEFAULT-VALUE}).")
    private DistanceMode distance;

    /** Creates the command; picocli instantiates it and fills the options. */
    public GenerateCommand() {
        // picocli fills the fields
    }

    /**
     * Validates the options, generates the three splits and writes them.
     *
     * @return 0 on success
     * @throws IOException if the output cannot be written
     */
    @Override
    public Integer call() throws IOException {
        validate();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " exists and is not a directory");
        }
        PrintWriter w = spec.commandLine().getOut();
        int[] counts = {numTrain, numValid, numTest};
        long start = System.nanoTime();
        long[] simulation = {0};
        NumpyRandom rng = new NumpyRandom(seed);
        ChargedSystem charged = system == SystemKind.CHARGED ? chargedSystem() : null;
        GravitySystem gravity = system == SystemKind.GRAVITY ? gravitySystem() : null;
        // all files go to a temporary folder beside --out and are published when every one is written:
        // a failure or Ctrl-C leaves --out as it was
        List<Path> written = StagedFolder.write(out, staging -> {
            for (Dataset.Usage split : Partitions.ORDER) {
                int count = counts[Partitions.index(split)];
                long t0 = System.nanoTime();
                if (system == SystemKind.CHARGED) {
                    ChargedSplit data = NbodyGenerator.charged(charged, nThreads).generate(rng, count);
                    simulation[0] += System.nanoTime() - t0;
                    if (layout != Layout.FRAMES) {
                        ChargedFiles.writeReference(staging, split, data, suffix);
                    }
                    if (layout != Layout.REFERENCE) {
                        ChargedFiles.writeFrames(staging, split,
                                ChargedFrames.of(data, ChargedFiles.INPUT_FRAME, ChargedFiles.TARGET_FRAME));
                    }
                } else {
                    GravitySplit data = NbodyGenerator.gravity(gravity, nThreads).generate(rng, count);
                    simulation[0] += System.nanoTime() - t0;
                    GravityFiles.write(staging, split, data, suffix);
                }
            }
        });
        for (Path f : written) {
            var h = Npy.readHeader(f);
            w.printf(Locale.ROOT, "wrote %s  %s %s%n", f, shapeText(h.shape()), h.dtype());
        }
        double total = (System.nanoTime() - start) / 1e9;
        w.printf(Locale.ROOT,
                "%s: %d/%d/%d trajectories, seed %d, %d threads: %d files in %.1f s (simulation %.1f s)%n",
                system.name().toLowerCase(Locale.ROOT), numTrain, numValid, numTest, seed, nThreads,
                written.size(), total, simulation[0] / 1e9);
        w.flush();
        return 0;
    }

    private ChargedSystem chargedSystem() {
        ChargedSystem.Builder b = ChargedSystem.builder().optDistanceMode(distance);
        if (particles != null) {
            b.optNumParticles(particles);
        }
        return b.build();
    }

    private GravitySystem gravitySystem() {
        GravitySystem.Builder b = GravitySystem.builder();
        if (particles != null) {
            b.optNumParticles(particles);
        }
        return b.build();
    }

    private void validate() {
        requireOption(numTrain >= 0, "--num-train must be >= 0, got " + numTrain);
        requireOption(numValid >= 0, "--num-valid must be >= 0, got " + numValid);
        requireOption(numTest >= 0, "--num-test must be >= 0, got " + numTest);
        requireOption(seed >= 0 && seed <= 0xffffffffL, "--seed must be between 0 and 4294967295, got " + seed);
        requireOption(threads == null || threads >= 1, "--threads must be >= 1, got " + threads);
        requireOption(particles == null || particles >= 2, "--particles must be >= 2, got " + particles);
        requireOption(!suffix.contains("/") && !suffix.contains("\\"),
                "--suffix must not contain path separators, got '" + suffix + "'");
        requireOption(system == SystemKind.CHARGED || layout == Layout.REFERENCE,
                "--layout " + layout.name().toLowerCase(Locale.ROOT) + " applies to --system charged only");
    }

    private void requireOption(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private static String shapeText(int[] shape) {
        String s = Arrays.toString(shape).replace('[', '(').replace(']', ')');
        return shape.length == 1 ? s.replace(")", ",)") : s;
    }
}
