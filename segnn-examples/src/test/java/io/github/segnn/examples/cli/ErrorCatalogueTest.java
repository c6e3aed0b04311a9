// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.WeightBalancedIrreps;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.djl.io.AtomicFiles;
import io.github.segnn.djl.io.IoMessages;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.NpyArray;
import io.github.segnn.examples.io.StagedFolder;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.model.NbodyModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad inputs: each row triggers one mistake a user can make, on the command line
 * or through the Java API, and asserts that the message names the file, option or input and says
 * why, and that it carries no exception class name, no {@code null} and no stack trace. Rows are
 * grouped by area ({@link #dataRows}, {@link #optionRows}, {@link #qm9Rows}, {@link #apiRows},
 * {@link #checkpointRows}); a new area adds a method and one line in {@link #catalogue()}.
 */
class ErrorCatalogueTest {

    /** An exception class name ({@code java.io.EOFException}, {@code NoSuchFileException}) or a stack frame. */
    private static final Pattern UNCLEAN = Pattern.compile(
            "\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bjava\\.[a-z]+\\.|\\bnull\\b|\\tat |\\bCould not format\\b");

    @TempDir
    static Path tmp;

    private static Path good;

    /** One bad input: how to trigger it and what its message must say. */
    record Row(String name, Callable<String> trigger, List<String> says) {
        DynamicTest test() {
            return DynamicTest.dynamicTest(name, () -> {
                String message = trigger.call();
                for (String s : says) {
                    assertTrue(message.contains(s), name + ": expected '" + s + "' in: " + message);
                }
                assertFalse(UNCLEAN.matcher(message).find(), name + ": unclean message: " + message);
            });
        }
    }

    /** A command line that must fail with a non-zero exit; its message is the error stream's first lines. */
    static Row cli(String name, List<String> args, String... says) {
        return new Row(name, () -> {
            String[] r = CliRun.run(args.toArray(new String[0]));
            assertNotEquals("0", r[0], name + " succeeded: " + r[1]);
            return r[2].split("\nUsage:")[0];
        }, List.of(says));
    }

    /** A Java API call that must throw; its message is the exception's (as the CLI would print it). */
    static Row api(String name, Executable call, String... says) {
        return new Row(name, () -> IoMessages.describe(assertThrows(Exception.class, call)), List.of(says));
    }

    @BeforeAll
    static void smallDataSet() {
        good = tmp.resolve("good");
        String[] r = CliRun.run("nbody", "generate", "--layout", "frames", "--out", good.toString(), "--num-train", "4",
                "--num-valid", "2", "--num-test", "2", "--threads", "1");
        assertEquals("0", r[0], r[2]);
    }

    @TestFactory
    Stream<DynamicTest> catalogue() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(dataRows());
        rows.addAll(optionRows());
        rows.addAll(qm9Rows());
        rows.addAll(apiRows());
        rows.addAll(checkpointRows());
        assertTrue(rows.size() >= 40, "the catalogue has " + rows.size() + " rows");
        return rows.stream().map(Row::test);
    }

    // ---- data folders and files -------------------------------------------------------------

    /** {@code nbody train} on a data folder with small defaults, which {@code more} overrides. */
    private static List<String> train(Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("nbody", "train", "--data", data.toString(), "--out",
                tmp.resolve("run-" + data.getFileName()).toString()));
        List<String> given = Arrays.asList(more);
        String[][] defaults = {{"--device", "cpu"}, {"--epochs", "1"}, {"--batch-size", "2"}, {"--threads", "1"}};
        for (String[] d : defaults) {
            if (!given.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        a.addAll(given);
        return a;
    }

    /** A copy of the good data set, changed by {@code damage}. */
    private static Path damaged(String name, IoAction damage) {
        Path dir = tmp.resolve(name);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(good)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            damage.run(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A file-system action. */
    interface IoAction {
        void run(Path dir) throws IOException;
    }

    private static void truncate(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - bytes);
        }
    }

    private static void setValue(Path file, int index, double value) throws IOException {
        NpyArray a = Npy.read(file);
        double[] v = a.doubles();
        v[index] = value;
        Npy.write(file, v, a.shape());
    }

    static List<Row> dataRows() {
        return List.of(
                cli("train: a data folder missing one file", train(damaged("missing",
                        d -> Files.delete(d.resolve("charges_train.npy")))), "charges_train.npy: missing",
                        "nothing was generated or changed"),
                cli("train: a truncated data file", train(damaged("truncated",
                        d -> truncate(d.resolve("loc30_valid.npy"), 16))), "loc30_valid.npy: truncated"),
                cli("train: a data file of the wrong shape", train(damaged("shape",
                        d -> Npy.write(d.resolve("vel30_test.npy"), new double[2 * 3 * 4], 2, 3, 4))),
                        "vel30_test.npy: expected shape (S, 3, particles) = (2, 3, 5), got (2, 3, 4)"),
                cli("train: a data file that is not .npy", train(damaged("garbage",
                        d -> Files.writeString(d.resolve("loc40_train.npy"), "not numpy at all"))),
                        "loc40_train.npy: not a .npy file"),
                cli("train: an empty data file", train(damaged("empty",
                        d -> Files.write(d.resolve("loc40_valid.npy"), new byte[0]))),
                        "loc40_valid.npy: too short for a .npy header"),
                cli("train: NaN in the training positions", train(damaged("nan",
                        d -> setValue(d.resolve("loc30_train.npy"), 7, Double.NaN))),
                        "loc30_train.npy", "non-finite value NaN at index [0, 1, 2]"),
                cli("train: infinity in the validation charges", train(damaged("inf",
                        d -> setValue(d.resolve("charges_valid.npy"), 3, Double.NEGATIVE_INFINITY))),
                        "charges_valid.npy", "non-finite value -Infinity at index [0, 3, 0]"),
                cli("train: NaN in the test targets", train(damaged("nantest",
                        d -> setValue(d.resolve("loc40_test.npy"), 0, Double.NaN))),
                        "loc40_test.npy", "non-finite value NaN at index [0, 0, 0]"),
                cli("eval: an empty data folder", List.of("nbody", "eval", "--data",
                        tmp.resolve("nothing").toString(), "--device", "cpu"), "holds no charged N-body data",
                        "segnn nbody generate --layout frames --out"),
                cli("eval: no error suggests a --generate option", List.of("nbody", "eval", "--data",
                        tmp.resolve("nothing2").toString()), "which generates it"),
                cli("train --system gravity: a partial gravity data set", List.of("nbody", "train", "--system",
                        "gravity", "--data", gravityWithoutTrainingPositions().toString(), "--device", "cpu",
                        "--out", tmp.resolve("g").toString()), "loc_train_gravity4_initvel1small.npy: missing",
                        "incomplete or damaged gravity N-body data set"),
                cli("generate: --out holds the files already", List.of("nbody", "generate", "--layout", "frames",
                        "--out", good.toString(), "--num-train", "1", "--num-valid", "1", "--num-test", "1"),
                        "already holds", "never overwritten"),
                cli("generate: --out is a file", List.of("nbody", "generate", "--out",
                        good.resolve("charges_test.npy").toString()), "exists and is not a directory"),
                cli("generate: --out under a file", List.of("nbody", "generate", "--out",
                        good.resolve("charges_test.npy").resolve("sub").toString(), "--num-train", "1",
                        "--num-valid", "1", "--num-test", "1"), "charges_test.npy"));
    }

    private static Path gravityWithoutTrainingPositions() {
        Path dir = tmp.resolve("gravity-partial");
        String[] r = CliRun.run("nbody", "generate", "--system", "gravity", "--particles", "4", "--out",
                dir.toString(), "--num-train", "1", "--num-valid", "1", "--num-test", "1", "--threads", "1");
        assertEquals("0", r[0], r[2]);
        try {
            Files.delete(dir.resolve("loc_train_gravity4_initvel1small.npy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    // ---- options --------------------------------------------------------------------------

    static List<Row> optionRows() {
        Path none = tmp.resolve("never-created");
        return List.of(
                cli("train: egnn with gravity is refused before generating", train(none, "--system", "gravity",
                        "--model", "egnn"), "--model egnn is for --system charged only"),
                cli("train: --target with charged", train(good, "--target", "force"),
                        "--target applies to --system gravity only"),
                cli("train: --neighbours with charged", train(good, "--neighbours", "3"),
                        "--neighbours applies to --system gravity only"),
                cli("train: --particles with charged", train(good, "--particles", "10"),
                        "--particles applies to --system gravity only"),
                cli("train: --neighbours not below --particles", train(none, "--system", "gravity", "--particles",
                        "5", "--neighbours", "5"), "--neighbours 5 needs more than that many bodies"),
                cli("train: --num-train 0", train(none, "--num-train", "0"), "--num-train must be >= 1, got 0"),
                cli("train: --num-test -3", train(none, "--num-test", "-3"), "--num-test must be >= 1, got -3"),
                cli("train: --threads 0", train(none, "--threads", "0"), "--threads must be >= 1, got 0"),
                cli("train: --batch-size 0", train(good, "--batch-size", "0"), "--batch-size must be >= 1, got 0"),
                cli("train: --max-samples below --batch-size", train(good, "--max-samples", "1"),
                        "--max-samples 1 is smaller than --batch-size 2"),
                cli("train: --device tpu", train(good, "--device", "tpu"), "--device must be auto, cpu or gpuN",
                        "'tpu'"),
                cli("train: --epochs 0", train(good, "--epochs", "0"), "--epochs must be >= 1, got 0"),
                cli("train: --eval-every 0", train(good, "--eval-every", "0"), "--eval-every must be >= 1"),
                cli("train: --lr -1", train(good, "--lr", "-1"), "--lr must be a positive number"),
                cli("train: --weight-decay NaN", train(good, "--weight-decay", "NaN"), "--weight-decay must be >= 0"),
                cli("train: --lr-milestones past the end", train(good, "--lr-milestones", "1"),
                        "--lr-milestones must lie in [1, --epochs - 1 = 0]"),
                cli("train: --parallel-parts two", train(good, "--parallel-parts", "two"),
                        "--parallel-parts must be auto or in [1, --batch-size = 2], got 'two'"),
                cli("train: an unknown --model", train(good, "--model", "transformer"), "--model"),
                cli("train: an unknown --system", train(good, "--system", "plasma"),
                        "Invalid value for option '--system'"),
                cli("eval: does not take generation options", List.of("nbody", "eval", "--data", good.toString(),
                        "--num-train", "5"), "Unknown option", "--num-train"),
                cli("predict: does not take generation options", List.of("nbody", "predict", "--data",
                        good.toString(), "--threads", "2"), "Unknown option", "--threads"),
                cli("predict: --split bogus", List.of("nbody", "predict", "--data", good.toString(), "--split",
                        "bogus"), "--split must be train, valid or test, got 'bogus'"),
                cli("predict: --index outside the split", List.of("nbody", "predict", "--data", good.toString(),
                        "--batch-size", "2", "--index", "99"), "--index 99 is outside the 2 systems of test"),
                cli("predict: a training split smaller than --batch-size", List.of("nbody", "predict", "--data",
                        good.toString()), "the training split holds 4 systems, fewer than --batch-size 100"),
                cli("generate: --layout frames with gravity", List.of("nbody", "generate", "--system", "gravity",
                        "--layout", "frames", "--out", none.toString()),
                        "--layout frames applies to --system charged only"),
                cli("generate: --seed out of range", List.of("nbody", "generate", "--seed", "-1", "--out",
                        none.toString()), "--seed must be between 0 and 4294967295"));
    }

    // ---- QM9 ------------------------------------------------------------------------------

    static List<Row> qm9Rows() {
        Path xyz = Path.of(resource("/qm9/xyz"));
        Path emptyFolder = tmp.resolve("no-xyz");
        try {
            Files.createDirectories(emptyFolder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(
                cli("qm9 train: a folder far smaller than the split", List.of("qm9", "train", "--data",
                        xyz.toString(), "--out", tmp.resolve("qm9run").toString(), "--device", "cpu", "--threads",
                        "1"), "the cormorant split has fixed partition sizes and needs at least 111111 molecules",
                        "but only 20 are included"),
                cli("qm9 predict: --xyz a folder without .xyz files", List.of("qm9", "predict", "--out",
                        tmp.resolve("no-run").toString(), "--xyz", emptyFolder.toString()),
                        "no-xyz: --xyz: the folder holds no .xyz files"),
                cli("qm9 predict: --xyz a missing file", List.of("qm9", "predict", "--out",
                        tmp.resolve("no-run").toString(), "--xyz", tmp.resolve("absent.xyz").toString()),
                        "absent.xyz: --xyz: no such file or folder"),
                cli("qm9 train: --split bogus", List.of("qm9", "train", "--data", xyz.toString(), "--split", "bogus",
                        "--device", "cpu"), "--split must be cormorant or 110k, got 'bogus'"));
    }

    private static String resource(String name) {
        try {
            return Path.of(ErrorCatalogueTest.class.getResource(name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Java API -------------------------------------------------------------------------

    /** The SEGNN_G+P N-body model on one system of 5 particles, float32. */
    private static String nbodyForward(NbodyArchitecture arch, DataType inputType, int graphs, long[] edgeOverride,
            long[] counts) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int n = 5 * graphs;
            int[] sizes = new int[graphs];
            Arrays.fill(sizes, 5);
            long[][] edges = Graphs.fullyConnected(sizes);
            NDArray ei = Graphs.toNDArray(m, edges);
            if (edgeOverride != null) {
                ei = m.create(edgeOverride, new Shape(2, edgeOverride.length / 2));
            }
            NDList in = GraphBatch.builder().setPositions(m.randomNormal(new Shape(n, 3)))
                    .setNodeFeatures(m.zeros(new Shape(n, 0))).setEdgeIndex(ei)
                    .optGraphs(m.create(Graphs.graphIndex(sizes)),
                            m.create(counts != null ? counts : Arrays.stream(sizes).asLongStream().toArray()))
                    .addNodeExtra(NbodyDataset.VELOCITIES, m.randomNormal(new Shape(n, 3)))
                    .addNodeExtra(NbodyDataset.CHARGES, m.ones(new Shape(n, 1))).optValidateValues(false).build()
                    .toNDList();
            NbodyModel model = new NbodyModel(arch, Centring.PER_GRAPH, true);
            model.initialize(m, DataType.FLOAT32, in.getShapes());
            NDList typed = new NDList();
            for (int i = 0; i < in.size(); i++) {
                boolean floating = i == GraphBatch.POSITIONS || i >= GraphBatch.FIRST_EXTRA;
                NDArray a = floating ? in.get(i).toType(inputType, false) : in.get(i);
                a.setName(in.get(i).getName());
                typed.add(a);
            }
            model.forward(new ParameterStore(m, false), typed, false);
            return "no error";
        }
    }

    private static long[] fullEdges(int graphs) {
        int[] sizes = new int[graphs];
        Arrays.fill(sizes, 5);
        long[][] e = Graphs.fullyConnected(sizes);
        long[] flat = new long[2 * e[0].length];
        System.arraycopy(e[0], 0, flat, 0, e[0].length);
        System.arraycopy(e[1], 0, flat, e[0].length, e[0].length);
        return flat;
    }

    static List<Row> apiRows() {
        long[] outOfRange = fullEdges(1);
        outOfRange[3] = 5;
        long[] negative = fullEdges(1);
        negative[21] = -2;
        long[] crossing = fullEdges(2);
        crossing[0] = 7;
        long[] egnnBad = fullEdges(1);
        egnnBad[1] = 12;
        Path devFull = Path.of("/dev/full");
        return List.of(
                api("NbodyModel: edgeIndex out of range", () -> nbodyForward(NbodyArchitecture.SEGNN_GP,
                        DataType.FLOAT32, 1, outOfRange, null), "NbodyModel: edgeIndex[0][3] = 5 is out of range"),
                api("NbodyModel: a negative edgeIndex", () -> nbodyForward(NbodyArchitecture.SEGNN_GP,
                        DataType.FLOAT32, 1, negative, null), "NbodyModel: edgeIndex[1][1] = -2 is out of range"),
                api("NbodyModel: an edge between two graphs", () -> nbodyForward(NbodyArchitecture.SEGNN_GP,
                        DataType.FLOAT32, 2, crossing, null), "NbodyModel: edge 0 joins node 7 of graph 1"),
                api("NbodyModel: node counts that do not sum to N", () -> nbodyForward(NbodyArchitecture.SEGNN_GP,
                        DataType.FLOAT32, 1, null, new long[] {4}), "nodeCounts sum to 4 but x has N = 5 rows"),
                api("NbodyModel: float64 inputs to a float32 model", () -> nbodyForward(NbodyArchitecture.SEGNN_G,
                        DataType.FLOAT64, 1, null, null), "NbodyModel: input 'x' is float64",
                        "parameters are float32"),
                api("NbodyModel (EGNN): edgeIndex out of range", () -> nbodyForward(NbodyArchitecture.EGNN,
                        DataType.FLOAT32, 1, egnnBad, null), "NbodyModel: edgeIndex[0][1] = 12 is out of range"),
                api("GraphBatch: an edge between two graphs", () -> {
                    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                        GraphBatch.builder().setPositions(m.zeros(new Shape(4, 3)))
                                .setNodeFeatures(m.zeros(new Shape(4, 0)))
                                .setEdgeIndex(m.create(new long[] {0, 3}, new Shape(2, 1)))
                                .optGraphs(m.create(new long[] {0, 0, 1, 1}), m.create(new long[] {2, 2})).build();
                    }
                }, "GraphBatch: edge 0 joins node 0 of graph 0 to node 3 of graph 1"),
                api("WeightBalancedIrreps: non-scalar scalars", () -> WeightBalancedIrreps.of(
                        Irreps.parse("16x0e+4x1o"), Irreps.sphericalHarmonics(1), true, 1),
                        "the scalars must be even scalars (0e) only", "4x1o"),
                api("WeightBalancedIrreps: no scalars", () -> WeightBalancedIrreps.of(Irreps.empty(),
                        Irreps.sphericalHarmonics(1), true, 1), "the scalars are empty"),
                api("Irreps.parse: a bad parity", () -> Irreps.parse("3x1z"), "3x1z"),
                api("Npy.read: a missing file", () -> Npy.read(tmp.resolve("absent.npy")), "absent.npy",
                        "no such file or folder"),
                api("Npy.finiteDoubles: NaN named by index", () -> Npy.finiteDoubles(Path.of("x.npy"),
                        NpyArray.ofDoubles(new double[] {1, 2, 3, Double.NaN, 5, 6}, 2, 3)),
                        "x.npy: non-finite value NaN at index [1, 0]"),
                api("AtomicFiles: a full disk names the file and leaves no temporary file", () -> {
                    Path dir = tmp.resolve("full-disk");
                    Files.createDirectories(dir);
                    try {
                        AtomicFiles.write(dir.resolve("metrics.csv"), part -> {
                            if (Files.exists(devFull)) {
                                Files.createSymbolicLink(part, devFull);
                            }
                            Files.write(part, new byte[1 << 16]);
                            throw new IOException("No space left on device");
                        });
                    } finally {
                        try (Stream<Path> left = Files.list(dir)) {
                            assertEquals(0, left.count(), "no .tmp file is left");
                        }
                    }
                }, "metrics.csv: cannot write: No space left on device"),
                api("a wrapped end-of-file error is described, not named", () -> {
                    throw new IOException(new java.io.EOFException());
                }, "unexpected end of file (the file is truncated)"),
                api("StagedFolder: --out holds a file of the set", () -> StagedFolder.write(good,
                        staging -> Files.writeString(staging.resolve("charges_train.npy"), "x")),
                        "already holds charges_train.npy"));
    }

    // ---- checkpoints (rows added with the checkpoint sets: truncated files, mismatched --resume) --

    static List<Row> checkpointRows() {
        return List.of();
    }

    /** picocli's usage text of every command formats without warnings (an unescaped '%'). */
    @Test
    void everyUsageTextFormatsWithoutWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            picocli.CommandLine root = SegnnCli.commandLine();
            List<picocli.CommandLine> all = new ArrayList<>(List.of(root));
            for (int i = 0; i < all.size(); i++) {
                all.addAll(all.get(i).getSubcommands().values());
                String usage = all.get(i).getUsageMessage();
                assertFalse(usage.isBlank());
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "picocli warnings");
    }
}
