// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.so3.SphericalHarmonics;
import io.github.segnn.core.so3.Wigner3j;
import io.github.segnn.core.tp.TensorProductPlan;
import io.github.segnn.djl.dataset.ConcatBatchifier;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.djl.internal.TensorProductKernel;
import io.github.segnn.djl.ops.PathNormalization;
import io.github.segnn.djl.training.GraphTrainer;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.model.NbodyModel;
import io.github.segnn.examples.train.Devices;
import io.github.segnn.examples.train.MeanErrorLoss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segnn bench}: one table of medians for the tensor-product kernel and whole models, with
 * warm-up excluded. Columns: median and spread of the repeats in ms, median process CPU ms, samples
 * per second, NDArray calls per forward where they are known exactly (the kernel's count) or, for
 * whole models, the arrays a forward pass or step creates (a proxy), and the process's peak RSS
 * after the row.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the tensor-product kernel and SEGNN training steps; prints one table.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu or gpuN (default ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--repeats", defaultValue = "20", description = "Timed repeats per row (default ${DEFAULT-VALUE}).")
    private int repeats;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed warm-up runs per row (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--threads", description = "Intra-op threads of libtorch (default: the engine's).")
    private Integer threads;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "After timing a row, run it once more under the PyTorch profiler and write a Chrome trace per row to DIR.")
    private Path profileDir;

    @Option(names = "--rss-steps", paramLabel = "N", defaultValue = "0",
            description = "After the table, run N more N-body training steps and print the resident memory every N/10 steps.")
    private int rssSteps;

    @Option(names = "--nbody-batch", paramLabel = "B", defaultValue = "100",
            description = "Systems per N-body batch (default 100, the paper's); 1 shows the per-call overhead floor.")
    private int nbodyBatch;

    @Option(names = "--parts", paramLabel = "K", defaultValue = "2",
            description = "Parts of the batch run on parallel threads in the data-parallel N-body and QM9 rows (default ${DEFAULT-VALUE}).")
    private int parts;

    @Option(names = "--only", description = "Run only rows whose name contains this text.")
    private String only;

    @Option(names = "--layer-stats", description = "After the QM9 row, print the NDArrays made and the MB kept for"
            + " the backward pass by one layer's forward pass and by the model's (exact with MALLOC_MMAP_THRESHOLD_=65536).")
    private boolean layerStats;

    /** Creates the command; picocli fills the fields. */
    public BenchCommand() {
        // picocli
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        for (int l1 = 0; l1 <= 4; l1++) {
            for (int l2 = 0; l2 <= 4; l2++) {
                for (int l3 = Math.abs(l1 - l2); l3 <= Math.min(4, l1 + l2); l3++) {
                    Wigner3j.of(l1, l2, l3);
                }
            }
        }
        SphericalHarmonics.recursion(4);
        double tables = (System.nanoTime() - t0) / 1e6;
        Device dev = Devices.resolve(device);
        if (threads != null) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        System.out.println(Devices.describe(dev) + " threads=" + ai.djl.pytorch.jni.JniUtils.getNumThreads());
        System.out.println(String.format(Locale.ROOT, "3j and SH tables l<=4, cold: %.1f ms", tables));
        List<String[]> rows = new ArrayList<>();
        Irreps attr1 = Irreps.sphericalHarmonics(1);
        Irreps attr3 = Irreps.sphericalHarmonics(3);
        Irreps nbodyIn = Irreps.parse("32x0e+32x1o+32x0e+32x1o+2x0e");
        Irreps nbodyOut = Irreps.parse("64x0e+32x1o");
        Irreps qm9In = Irreps.parse("36x0e+36x1o+36x2e+36x0e+36x1o+36x2e+1x0e");
        Irreps qm9Out = Irreps.parse("108x0e+36x1o+36x2e");
        try (NDManager m = NDManager.newBaseManager(dev)) {
            tp(rows, m, "TP nbody msg fwd (E=2000)", nbodyIn, attr1, nbodyOut, 2000, false);
            tp(rows, m, "TP nbody msg fwd+bwd (E=2000)", nbodyIn, attr1, nbodyOut, 2000, true);
            tp(rows, m, "TP qm9 msg fwd (E=4000)", qm9In, attr3, qm9Out, 4000, false);
            tp(rows, m, "TP qm9 msg fwd+bwd (E=4000)", qm9In, attr3, qm9Out, 4000, true);
            nbody(rows, m, false);
            nbody(rows, m, true);
            nbodyParallel(rows, m);
            qm9Step(rows, m);
            qm9Parallel(rows, m);
            print(rows);
            System.out.print(layerLines);
            if (rssSteps > 0) {
                rssTrack(m);
            }
        }
        return 0;
    }

    private boolean skip(String name) {
        return only != null && !name.contains(only);
    }

    private void tp(List<String[]> rows, NDManager m, String name, Irreps in1, Irreps in2, Irreps out, int batch,
            boolean backward) {
        if (skip(name)) {
            return;
        }
        TensorProductKernel k = new TensorProductKernel(TensorProductPlan.fullyConnected(in1, in2, out),
                PathNormalization.SEGNN);
        NDArray x1 = randn(m, 1, batch, in1.dim());
        NDArray x2 = randn(m, 2, batch, in2.dim());
        NDArray w = randn(m, 3, k.plan().weightNumel());
        w.setRequiresGradient(backward);
        Timing ms = time(() -> {
            try (NDManager sub = m.newSubManager()) {
                NDArray a = local(x1, sub);
                NDArray b = local(x2, sub);
                if (backward) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = k.forward(a, b, w, null);
                        gc.backward(y.sum());
                    }
                    try (NDArray g = w.getGradient()) {
                        g.sum().getFloat();
                    }
                } else {
                    k.forward(a, b, w, null).sum().getFloat();
                }
            }
        });
        rows.add(row(name, ms, batch, String.valueOf(k.ndarrayCallsPerForward(false))));
    }

    private void nbody(List<String[]> rows, NDManager m, boolean train) {
        String name = (train ? "SEGNN nbody train step" : "SEGNN nbody forward") + " (B=" + nbodyBatch + ")";
        if (skip(name)) {
            return;
        }
        rows.add(row(name, time(nbodyStep(m, train)), nbodyBatch, arrays()));
    }

    /**
     * The N-body training step through DJL's trainer with the batch cut into {@code --parts} parts
     * whose forward and backward passes run on parallel threads (see {@link #parallelStep}).
     */
    private void nbodyParallel(List<String[]> rows, NDManager m) {
        String name = "SEGNN nbody train step, " + parts + " parallel parts (B=" + nbodyBatch + ")";
        if (skip(name)) {
            return;
        }
        NDList in = nbodyBatch(m, nbodyBatch);
        rows.add(row(name, parallelStep(m, new NbodyModel(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH), in,
                in.get(0), MeanErrorLoss.squared(), nbodyBatch), nbodyBatch, "n/a (parts)"));
    }

    /**
     * The QM9-size training step as {@code qm9 train} runs it on the CPU by default: the batch cut
     * into {@code --parts} parts on parallel threads of one intra-op thread each, L1 loss against
     * graph targets (see {@link #parallelStep}).
     */
    private void qm9Parallel(List<String[]> rows, NDManager m) {
        String name = "SEGNN qm9 train step, " + parts + " parallel parts (B=128, 7 layers)";
        if (skip(name)) {
            return;
        }
        Qm9LikeBatch b = Qm9LikeBatch.create(m, 128, 18, 2.0, new Random(5));
        NDArray targets = randn(m, 9, 128, 1);
        rows.add(row(name + " E=" + b.edges(), parallelStep(m, b.model(), b.inputs(), targets,
                MeanErrorLoss.absolute(), 128), 128, "n/a (parts)"));
    }

    /**
     * Times a training step through DJL's trainer with the batch cut into {@code --parts} parts whose
     * forward and backward passes run on parallel threads (a {@link GraphTrainer} with the device
     * listed {@code --parts} times and an executor), one intra-op thread each as the training
     * commands set them. The batch is a plain DJL {@code Batch} split by its batchifiers (the
     * training datasets build each part directly instead, with the same arrays).
     */
    private Timing parallelStep(NDManager m, Block block, NDList in, NDArray labels, ai.djl.training.loss.Loss loss,
            int batchSize) {
        if (parts < 1 || parts > batchSize) {
            throw new ParameterException(spec.commandLine(), "--parts must be in [1, " + batchSize + "], got " + parts);
        }
        Device[] devices = new Device[parts];
        Arrays.fill(devices, m.getDevice());
        ExecutorService pool = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "bench-part");
            t.setDaemon(true);
            return t;
        });
        try (Model model = Model.newInstance("bench", m.getDevice())) {
            model.setBlock(block);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
                    .optOptimizer(ResumableAdam.builder().build()).optDevices(devices).optExecutorService(pool);
            try (GraphTrainer trainer = new GraphTrainer(model, tc)) {
                trainer.initialize(in.getShapes());
                return time(() -> {
                    try (NDManager sub = m.newSubManager()) {
                        NDList local = local(in, sub);
                        Batch batch = new Batch(sub, local, new NDList(local(labels, sub)), batchSize,
                                new GraphBatchifier(false), new ConcatBatchifier(), 0, 0);
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        try (NDArray sync = model.getBlock().getParameters().get(0).getValue().getArray().sum()) {
                            sync.getFloat();
                        }
                    }
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void qm9Step(List<String[]> rows, NDManager m) {
        String name = "SEGNN qm9 train step (B=128, 7 layers)";
        if (skip(name)) {
            return;
        }
        Qm9LikeBatch b = Qm9LikeBatch.create(m, 128, 18, 2.0, new Random(5));
        Block model = b.model();
        model.initialize(m, DataType.FLOAT32, b.inputs().getShapes());
        rows.add(row(name + " E=" + b.edges(), time(step(m, model, b.inputs(), null, true)), 128, arrays()));
        if (layerStats) {
            layerLines = LayerStats.format(LayerStats.measure(m, b));
        }
    }

    /** The per-layer figures of {@code --layer-stats}, printed after the table. */
    private String layerLines = "";

    /** Runs the N-body training step {@code rssSteps} times and prints the resident memory as it goes. */
    private void rssTrack(NDManager m) {
        Runnable step = nbodyStep(m, true);
        int every = Math.max(1, rssSteps / 10);
        long first = -1;
        long t0 = System.nanoTime();
        for (int i = 1; i <= rssSteps; i++) {
            step.run();
            if (i % every == 0 || i == rssSteps) {
                long rss = PeakRss.currentMegabytes();
                first = first < 0 ? rss : first;
                System.out.println(String.format(Locale.ROOT, "rss after %d training steps: %d MB (%+.1f%% since step %d), %.1f s",
                        i, rss, 100.0 * (rss - first) / first, every, (System.nanoTime() - t0) / 1e9));
            }
        }
    }

    /** Returns a SEGNN_G+P N-body forward pass or training step on a batch of {@code --nbody-batch} systems. */
    private Runnable nbodyStep(NDManager m, boolean train) {
        if (nbodyBatch < 1) {
            throw new ParameterException(spec.commandLine(), "--nbody-batch must be >= 1, got "
                    + nbodyBatch);
        }
        NbodyModel model = new NbodyModel(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH);
        NDList in = nbodyBatch(m, nbodyBatch);
        model.initialize(m, DataType.FLOAT32, in.getShapes());
        return step(m, model, in, in.get(0), train);
    }

    private Runnable step(NDManager m, Block model, NDList inputs, NDArray target, boolean train) {
        ResumableAdam adam = ResumableAdam.builder().build();
        return () -> {
            try (NDManager sub = m.newSubManager()) {
                ParameterStore ps = new ParameterStore(sub, false);
                NDList in = local(inputs, sub);
                int before = in.size();
                if (!train) {
                    model.forward(ps, in, false).singletonOrThrow().sum().getFloat();
                    arraysCreated = sub.getManagedArrays().size() - before;
                    return;
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = model.forward(ps, in, true).singletonOrThrow();
                    NDArray loss = target == null ? y.square().mean() : y.sub(in.get(0)).square().mean();
                    gc.backward(loss);
                }
                arraysCreated = sub.getManagedArrays().size() - before;
                update(model, adam);
            }
        };
    }

    /**
     * Arrays the last timed forward pass or step created in its batch manager: one per NDArray
     * operation (a split creates one per piece, in-place updates none), a proxy for the call count
     * of whole models. Adam's updates are not included.
     */
    private int arraysCreated;

    private String arrays() {
        return "~" + arraysCreated + " arrays";
    }

    /** One Adam update of every parameter, then a read that waits for it to finish. */
    private static void update(Block model, ResumableAdam adam) {
        adam.updateAll(model);
        // a result of an operation on a parameter stays in the model's manager: close it
        try (NDArray sync = model.getParameters().get(0).getValue().getArray().sum()) {
            sync.getFloat();
        }
    }

    /**
     * Copies an input into the iteration's manager: DJL attaches results to the manager of the
     * receiver, so operating on long-lived inputs would keep every iteration's temporaries.
     */
    private static NDArray local(NDArray x, NDManager sub) {
        NDArray d = x.duplicate();
        d.attach(sub);
        return d;
    }

    /** Copies every input of a list into the iteration's manager (see {@link #local(NDArray, NDManager)}). */
    private static NDList local(NDList inputs, NDManager sub) {
        NDList out = new NDList(inputs.size());
        for (NDArray x : inputs) {
            out.add(local(x, sub));
        }
        return out;
    }

    /** Wall-clock and process CPU milliseconds of the timed repeats, each sorted. */
    private record Timing(double[] wall, double[] cpu) {}

    private Timing time(Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] ms = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c = processCpuNanos();
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (processCpuNanos() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        if (profileDir != null) {
            profile(r);
        }
        return new Timing(ms, cpu);
    }

    /**
     * CPU time of the whole process (all threads, JVM included), less sensitive than wall time to
     * other tenants of a shared machine, since time spent waiting for a core is not counted.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private int profiled;

    /** Runs one more iteration under the PyTorch profiler, writing {@code row-N.json} to the profile folder. */
    private void profile(Runnable r) {
        try {
            Files.createDirectories(profileDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + profileDir, e);
        }
        Path file = profileDir.resolve("row-" + (++profiled) + ".json");
        JniUtils.startProfile(false, true, false);
        r.run();
        JniUtils.stopProfile(file.toString());
        System.out.println("  profile: " + file);
    }

    private static String[] row(String name, Timing t, int samples, String calls) {
        double[] ms = t.wall();
        double median = ms[ms.length / 2];
        System.out.println(String.format(Locale.ROOT, "  done: %s median %.2f ms", name, median));
        return new String[] {name, String.format(Locale.ROOT, "%.2f", median),
            String.format(Locale.ROOT, "%.2f-%.2f", ms[0], ms[ms.length - 1]),
            String.format(Locale.ROOT, "%.2f", t.cpu()[t.cpu().length / 2]),
            String.format(Locale.ROOT, "%.0f", samples / (median / 1000)), calls,
            String.format(Locale.ROOT, "%d", PeakRss.megabytes())};
    }

    private static void print(List<String[]> rows) {
        String[] head = {"row", "median ms", "min-max ms", "CPU ms", "samples/s", "NDArray calls", "peak RSS MB"};
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
            for (String[] r : rows) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, head, w);
        String[] sep = new String[head.length];
        for (int c = 0; c < head.length; c++) {
            sep[c] = "-".repeat(w[c]);
        }
        line(sb, sep, w);
        for (String[] r : rows) {
            line(sb, r, w);
        }
        System.out.print(sb);
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        sb.append('|');
        for (int c = 0; c < cells.length; c++) {
            sb.append(' ').append(String.format(Locale.ROOT, "%-" + w[c] + "s", cells[c])).append(" |");
        }
        sb.append('\n');
    }

    static NDArray randn(NDManager m, long seed, long... shape) {
        Random r = new Random(seed);
        Shape s = new Shape(shape);
        double[] v = new double[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(DoubleBuffer.wrap(v), s).toType(DataType.FLOAT32, false);
    }

    static NDList nbodyBatch(NDManager m, int systems) {
        int n = 5;
        long[][] ei = Graphs.fullyConnected(repeat(n, systems));
        long[] counts = new long[systems];
        Arrays.fill(counts, n);
        NDArray q = randn(m, 7, systems * n, 1).sign();
        return GraphBatch.builder().setPositions(randn(m, 5, systems * n, 3))
                .setNodeFeatures(m.zeros(new Shape(systems * n, 0)))
                .setEdgeIndex(Graphs.toNDArray(m, ei))
                .optGraphs(m.create(Graphs.graphIndex(repeat(n, systems))), m.create(counts))
                .addNodeExtra(NbodyDataset.VELOCITIES, randn(m, 6, systems * n, 3))
                .addNodeExtra(NbodyDataset.CHARGES, q).optValidateValues(false).build().toNDList();
    }

    static int[] repeat(int v, int times) {
        int[] a = new int[times];
        Arrays.fill(a, v);
        return a;
    }
}
