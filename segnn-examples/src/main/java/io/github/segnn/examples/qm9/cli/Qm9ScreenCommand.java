// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.inference.Molecule;
import io.github.segnn.examples.qm9.inference.Prediction;
import io.github.segnn.examples.qm9.inference.Qm9Inference;
import io.github.segnn.examples.qm9.screen.MoleculeSource;
import io.github.segnn.examples.qm9.screen.RowSink;
import io.github.segnn.examples.qm9.screen.ScreenRecord;
import io.github.segnn.examples.qm9.screen.ScreenRow;
import io.github.segnn.examples.qm9.screen.Screening;
import io.github.segnn.examples.train.Devices;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segnn qm9 screen}: predicts a trained run's property for every molecule of a folder,
 * archive or multi-record file and writes one CSV or Parquet row per molecule. A reader thread parses the
 * input, worker threads (one DJL predictor each) turn batches into graphs and predict them, and
 * the main thread writes the rows in input order;
 * malformed records become rows with a reason; the output appears only when the run succeeds.
 */
@Command(name = "screen", mixinStandardHelpOptions = true,
        description = "Predict a trained run's QM9 property for many molecules (folder of .xyz/.sdf files, QM9 "
                + ".tar.bz2, or a multi-record .xyz/.sdf file) and write one CSV or Parquet row per molecule.")
public final class Qm9ScreenCommand implements Callable<Integer> {

    private static final ScreenRecord END = ScreenRecord.failed("", "end of input");

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "RUN", required = true,
            description = "Run folder of 'qm9 train' (holding qm9-run.json and best.params).")
    private Path model;

    @Option(names = "--input", paramLabel = "SRC", required = true,
            description = "A folder of .xyz/.sdf/.mol files, a .tar.bz2/.tar.gz/.tar of them, or one multi-record "
                    + ".xyz or .sdf file.")
    private Path input;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Output file, written atomically: Parquet if the name ends in .parquet, else CSV.")
    private Path out;

    @Option(names = "--format", paramLabel = "csv|parquet", description = "Output format (default: by the --out extension).")
    private String format;

    @Option(names = "--params", description = "Parameter file inside the run folder (default best.params).")
    private Path params;

    @Option(names = "--batch-size", defaultValue = "256", description = "Molecules per forward pass (default ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--workers", defaultValue = "0",
            description = "Batches predicted at once, each by its own DJL predictor (default 0: one per core up to 4 "
                    + "on the CPU, 1 on a GPU).")
    private int workers;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpuN (default ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--quiet", description = "No progress line.")
    private boolean quiet;

    /** Creates the command; picocli fills the fields. */
    public Qm9ScreenCommand() {
        // picocli
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (workers < 0) {
                throw new IllegalArgumentException("--workers must be >= 0 (0: automatic), got " + workers);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            }
            Qm9RunInfo info = Qm9RunInfo.read(model);
            long[] counts = screen(info, err);
            err.println(String.format(Locale.ROOT, "qm9 screen: %d molecules, %d predicted, %d errors -> %s", counts[0],
                    counts[1], counts[0] - counts[1], out));
            err.flush();
            return 0;
        } catch (IOException | IllegalArgumentException | ModelNotFoundException | MalformedModelException e) {
            err.println("qm9 screen: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            err.flush();
            return 1;
        }
    }

    private long[] screen(Qm9RunInfo info, PrintWriter err)
            throws IOException, ModelNotFoundException, MalformedModelException {
        BlockingQueue<ScreenRecord> queue = new ArrayBlockingQueue<>(4 * batchSize);
        AtomicReference<Exception> readError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                MoleculeSource.read(input, r -> put(queue, r));
            } catch (IOException | RuntimeException e) {
                readError.set(e);
            } finally {
                try {
                    queue.put(END);
                } catch (InterruptedException e) {
                    // the main thread stopped screening and interrupted this reader: nobody waits for the end
                    Thread.currentThread().interrupt();
                }
            }
        }, "qm9-screen-reader");
        reader.setDaemon(true);
        Device dev = Devices.resolve(device);
        int n = workers > 0 ? workers : dev.isGpu() ? 1 : Math.min(4, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "qm9-screen-worker");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Screening> screenings = new ArrayBlockingQueue<>(n);
        Deque<Future<List<ScreenRow>>> pending = new ArrayDeque<>();
        long[] counts = new long[2];
        long start = System.nanoTime();
        long lastShown = 0;
        try (ZooModel<Molecule, Prediction> zoo = Qm9Inference.criteria(model,
                params != null ? params : Path.of("best.params"), dev).build().loadModel();
                RowSink writer = RowSink.open(out, format)) {
            for (int i = 0; i < n; i++) {
                screenings.add(new Screening(zoo, info.unit));
            }
            reader.start();
            boolean done = false;
            while (!done || !pending.isEmpty()) {
                if (!done) {
                    List<ScreenRecord> batch = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize) {
                        ScreenRecord r = take(queue);
                        if (r == END) {
                            done = true;
                            break;
                        }
                        batch.add(r);
                    }
                    if (readError.get() != null) {
                        Exception e = readError.get();
                        throw e instanceof IOException ? (IOException) e : new IOException(input + ": " + e.getMessage(),
                                e);
                    }
                    if (!batch.isEmpty()) {
                        pending.add(pool.submit(() -> predict(screenings, batch)));
                    }
                }
                // batches are written in input order; up to one per worker is predicted meanwhile
                while (pending.size() > n || (done && !pending.isEmpty())) {
                    for (ScreenRow row : rows(pending.poll())) {
                        writer.write(row);
                        counts[0]++;
                        counts[1] += row.ok() ? 1 : 0;
                    }
                }
                long now = System.nanoTime();
                if (!quiet && (now - lastShown > 500_000_000L || (done && pending.isEmpty()))) {
                    lastShown = now;
                    double s = Math.max(1e-9, (now - start) / 1e9);
                    err.print(String.format(Locale.ROOT, "\rscreening: %,d molecules  %,.0f molecules/s  %d errors  %.1f s",
                            counts[0], counts[0] / s, counts[0] - counts[1], s));
                    err.flush();
                }
            }
            if (!quiet) {
                err.println();
            }
            writer.commit();
            for (Screening sc : screenings) {
                sc.close();
            }
        } finally {
            pool.shutdownNow();
            reader.interrupt();
        }
        return counts;
    }

    private static List<ScreenRow> predict(BlockingQueue<Screening> screenings, List<ScreenRecord> batch)
            throws InterruptedException {
        Screening s = screenings.take();
        try {
            return s.predict(batch);
        } finally {
            screenings.put(s);
        }
    }

    private static List<ScreenRow> rows(Future<List<ScreenRow>> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while screening", e);
        } catch (ExecutionException e) {
            throw new IOException("prediction failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void put(BlockingQueue<ScreenRecord> queue, ScreenRecord r) {
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("screening stopped");
        }
    }

    private static ScreenRecord take(BlockingQueue<ScreenRecord> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for molecules", e);
        }
    }
}
