// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.util.ProgressBar;
import io.github.segnn.djl.training.ParallelBackward;
import io.github.segnn.djl.training.ResumableAdam;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains an {@link Experiment} with DJL's {@link Trainer}: Adam (optionally with learning-rate
 * milestones), evaluation of validation and test every {@code evalEvery} epochs, the test metric
 * at the best validation epoch, a checkpoint at every evaluation ({@code checkpoint.params},
 * {@code checkpoint.optimizer}, {@code state.json}), the best model ({@code best.params}) and a
 * metrics CSV. With {@code resume} it continues a killed run from its last checkpoint, restoring
 * parameters, optimizer moments and the epoch counter, so that the continuation is the same run.
 */
public final class ExperimentRunner {

    /** Header of {@code metrics.csv}. */
    public static final String CSV_HEADER = "epoch,train_loss,valid,test,seconds";

    private final Experiment experiment;
    private final RunConfig config;
    private final Consumer<String> log;

    /**
     * Creates a runner.
     *
     * @param experiment the experiment
     * @param config the settings
     * @param log where progress lines go
     */
    public ExperimentRunner(Experiment experiment, RunConfig config, Consumer<String> log) {
        this.experiment = experiment;
        this.config = config;
        this.log = log;
    }

    /**
     * Runs the training and returns the final state.
     *
     * @return the run state (test metric at the best validation epoch)
     * @throws IOException on checkpoint or metrics I/O errors
     */
    public RunState run() throws IOException {
        Path out = config.outDir();
        Files.createDirectories(out);
        Path statePath = out.resolve("state.json");
        Path csv = out.resolve("metrics.csv");
        Engine.getInstance().setRandomSeed((int) config.seed());
        Device device = Devices.resolve(config.device());
        log.accept(Devices.describe(device));
        RunState state = new RunState();
        state.seed = config.seed();
        state.experiment = experiment.name();
        Block block = experiment.newModel();
        try (Model model = Model.newInstance(experiment.name(), device)) {
            model.setBlock(block);
            int perEpoch = experiment.trainBatchesPerEpoch();
            Tracker lr = Tracker.fixed(config.learningRate());
            if (config.milestones().length > 0) {
                lr = new MilestoneTracker(config.learningRate(), config.milestones(), config.gamma(),
                        Math.max(1, perEpoch));
            }
            ResumableAdam adam = ResumableAdam.builder().optLearningRateTracker(lr)
                    .optWeightDecays(config.weightDecay()).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(experiment.loss()).optOptimizer(adam)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(tc);
                    ParallelBackward parallel = parallelParts(device)) {
                boolean resuming = config.resume() && Files.exists(statePath);
                if (resuming) {
                    // before trainer.initialize, which caches the parameter arrays in its ParameterStore
                    block.initialize(model.getNDManager(), model.getDataType(), experiment.inputShapes());
                    loadParams(block, model.getNDManager(), out.resolve("checkpoint.params"));
                }
                trainer.initialize(experiment.inputShapes());
                if (resuming) {
                    state = RunState.read(statePath);
                    if (state.seed != config.seed()) {
                        throw new IllegalArgumentException(out + ": the checkpoint was made with --seed " + state.seed
                                + ", not " + config.seed());
                    }
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(out.resolve("checkpoint.optimizer")))) {
                        adam.load(block, model.getNDManager(), new DataInputStream(in));
                    }
                    log.accept("resumed from " + out + " after epoch " + state.epochsDone);
                } else if (!config.resume() || !Files.exists(statePath)) {
                    Files.writeString(csv, CSV_HEADER + "\n", StandardCharsets.UTF_8);
                }
                long runStart = System.nanoTime();
                for (int epoch = state.epochsDone + 1; epoch <= config.epochs(); epoch++) {
                    long t0 = System.nanoTime();
                    double trainLoss = trainEpoch(trainer, adam, parallel, epoch, perEpoch);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    String valid = "";
                    String test = "";
                    if (epoch % config.evalEvery() == 0 || epoch == config.epochs()) {
                        double v = evaluate(trainer, Experiment.Part.VALID);
                        double t = evaluate(trainer, Experiment.Part.TEST);
                        valid = fmt(v);
                        test = fmt(t);
                        if (v < state.bestValid) {
                            state.bestValid = v;
                            state.bestEpoch = epoch;
                            state.testAtBest = t;
                            saveParams(block, out.resolve("best.params"));
                        }
                        state.epochsDone = epoch;
                        saveParams(block, out.resolve("checkpoint.params"));
                        Path opt = out.resolve("checkpoint.optimizer.tmp");
                        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(opt))) {
                            adam.save(block, new DataOutputStream(os));
                        }
                        Files.move(opt, out.resolve("checkpoint.optimizer"), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                        state.write(statePath);
                        log.accept(String.format(Locale.ROOT, "epoch %d: train_loss=%.6g valid_%s=%s test_%s=%s "
                                + "(best valid at epoch %d)", epoch, trainLoss, experiment.metricName(), valid,
                                experiment.metricName(), test, state.bestEpoch));
                    }
                    Files.writeString(csv, String.format(Locale.ROOT, "%d,%s,%s,%s,%.3f%n", epoch, fmt(trainLoss), valid,
                            test, seconds), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
                log.accept(String.format(Locale.ROOT, "trained %d epochs in %.1f s", config.epochs() - 0,
                        (System.nanoTime() - runStart) / 1e9));
            }
        }
        return state;
    }

    /**
     * Evaluates saved parameters on a partition.
     *
     * @param params the parameter file ({@code best.params} or {@code checkpoint.params})
     * @param part the partition
     * @return the metric
     * @throws IOException if the file cannot be read
     */
    public double evaluate(Path params, Experiment.Part part) throws IOException {
        Device device = Devices.resolve(config.device());
        Block block = experiment.newModel();
        try (Model model = Model.newInstance(experiment.name(), device)) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(experiment.loss())
                    .optDevices(new Device[] {device}))) {
                block.initialize(model.getNDManager(), model.getDataType(), experiment.inputShapes());
                loadParams(block, model.getNDManager(), params);
                trainer.initialize(experiment.inputShapes());
                return evaluate(trainer, part);
            }
        }
    }

    /**
     * Returns the threads for {@code --parallel-parts}, or null for 1 part. On the CPU the parts share
     * libtorch's threads ({@link ParallelParts#threadsPerPart}, a process-wide setting), since parallel
     * parts and all intra-op threads at once would oversubscribe the cores.
     */
    private ParallelBackward parallelParts(Device device) {
        int parts = config.parallelParts() == 0 ? ParallelParts.auto(device, config.batchSize())
                : config.parallelParts();
        if (parts == 1) {
            return null;
        }
        boolean cpu = Device.Type.CPU.equals(device.getDeviceType());
        int threads = ParallelParts.threadsPerPart(parts);
        if (cpu) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        log.accept(parts + " parallel parts per training batch" + (cpu ? ", " + threads + " intra-op thread"
                + (threads == 1 ? "" : "s") + " each" : ""));
        return new ParallelBackward(parts);
    }

    private double trainEpoch(Trainer trainer, ResumableAdam adam, ParallelBackward parallel, int epoch,
            int perEpoch) {
        ProgressBar bar = new ProgressBar("epoch " + epoch, perEpoch);
        double sum = 0;
        int n = 0;
        try (NDManager m = trainer.getManager().newSubManager()) {
            for (Batch batch : experiment.batches(m, Experiment.Part.TRAIN, config.seed() * 100_003L + epoch)) {
                try (batch) {
                    if (parallel != null) {
                        sum += parallel.run(trainer::forward, trainer.getLoss(), parts(batch, parallel.threads()));
                    } else {
                        NDList data = batch.getData();
                        NDList labels = batch.getLabels();
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(data, labels);
                            NDArray loss = trainer.getLoss().evaluate(labels, pred);
                            gc.backward(loss);
                            sum += loss.toType(DataType.FLOAT64, false).getDouble();
                        }
                    }
                    // the trainer's optimizer, on all parameters at once (trainer.step() would call it
                    // once per parameter, 12 operations each)
                    adam.updateAll(trainer.getModel().getBlock());
                    n++;
                    bar.update(n);
                }
            }
        }
        bar.end();
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Cuts a training batch into parts of consecutive samples, each weighted by its share of them. */
    private List<ParallelBackward.Part> parts(Batch batch, int count) {
        List<?> indices = batch.getIndices();
        int total = indices.size();
        int k = Math.min(count, total);
        List<ParallelBackward.Part> parts = new ArrayList<>(k);
        for (int p = 0; p < k; p++) {
            int from = total * p / k;
            int to = total * (p + 1) / k;
            int[] samples = new int[to - from];
            for (int i = from; i < to; i++) {
                samples[i - from] = ((Number) indices.get(i)).intValue();
            }
            NDList[] dl = experiment.trainBatch(batch.getManager().newSubManager(), samples);
            parts.add(new ParallelBackward.Part(dl[0], dl[1], (double) samples.length / total));
        }
        return parts;
    }

    private double evaluate(Trainer trainer, Experiment.Part part) {
        double sum = 0;
        double count = 0;
        try (NDManager m = trainer.getManager().newSubManager()) {
            for (Batch batch : experiment.batches(m, part, 0)) {
                try (batch) {
                    NDList pred = trainer.evaluate(batch.getData());
                    double[] r = experiment.metric(pred, batch.getLabels());
                    sum += r[0];
                    count += r[1];
                }
            }
        }
        return sum / count;
    }

    private static void saveParams(Block block, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            block.saveParameters(new DataOutputStream(os));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads parameters into an initialized block. Call it before {@code Trainer.initialize}: DJL's
     * {@code Parameter.load} replaces each array by a new one, and a trainer initialized earlier
     * keeps serving the old arrays from its {@code ParameterStore}.
     */
    private static void loadParams(Block block, NDManager manager, Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " does not exist");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            block.loadParameters(manager, new DataInputStream(in));
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(file + ": parameters do not fit the model: " + e.getMessage(), e);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.8g", v);
    }
}
