// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.EarlyStoppingListener.EarlyStoppedException;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.djl.dataset.GraphDataset;
import io.github.segnn.djl.training.GraphTrainer;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.djl.training.listener.BestParametersListener;
import io.github.segnn.djl.training.listener.CheckpointListener;
import io.github.segnn.djl.training.listener.EarlyStopListener;
import io.github.segnn.djl.training.listener.EvaluationListener;
import io.github.segnn.djl.training.listener.MetricsCsvListener;
import io.github.segnn.djl.training.listener.ProgressBarListener;
import io.github.segnn.djl.training.listener.TrainingHistory;
import io.github.segnn.djl.training.listener.TrainingLossListener;
import io.github.segnn.djl.training.listener.WeightAverageListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Trains an {@link Experiment} with DJL: a {@link GraphTrainer} driven by {@code EasyTrain.fit},
 * Adam or AdamW ({@link ResumableAdam}, with the learning-rate schedule and gradient clipping of
 * the run's {@link TrainingTechniques}) as the trainer's optimizer, and the listeners of {@code
 * io.github.segnn.djl.training.listener}: progress bar, training loss (stopping on a non-finite
 * loss), evaluation of validation and test every {@code evalEvery} epochs with the test metric at
 * the best validation epoch, the best model ({@code best.params}), the metrics CSV and a checkpoint
 * ({@link RunCheckpoint}) every {@code checkpointEvery} epochs; with a weight average
 * (exponential or SWA), evaluation and the best model use the averaged weights ({@link
 * WeightAverageListener}); with early stopping the run ends after that many evaluations without a
 * better validation metric ({@link EarlyStopListener}), with a checkpoint of its last epoch.
 * With {@code resume} it continues a run from its newest checkpoint after checking it and the
 * requested configuration, restoring parameters, optimizer moments, the history and the batch order,
 * so that the continuation is the same run. On the CPU a training batch may be cut into parallel
 * parts, given to DJL as a device list that repeats the CPU (see {@link GraphTrainer}).
 */
public final class ExperimentRunner {

    /** Header of {@code metrics.csv}. */
    public static final String CSV_HEADER = TrainingHistory.CSV_HEADER;

    private final Experiment experiment;
    private final RunConfig config;
    private final Map<String, String> options;
    private final Consumer<String> log;
    private final List<TrainingListener> extraListeners = new ArrayList<>();
    private boolean validationOnly;
    private TrainingTechniques techniques = TrainingTechniques.PAPER;

    /**
     * Settings added to the configuration after runs had been recorded without them, with the value
     * such an older run had, so that it can still be resumed.
     */
    private static final Map<String, String> LATER_DEFAULTS = laterDefaults();

    private static Map<String, String> laterDefaults() {
        Map<String, String> m = new LinkedHashMap<>(TrainingTechniques.PAPER.configuration());
        m.put("--validation-only", "false");
        return Map.copyOf(m);
    }

    /**
     * Creates a runner.
     *
     * @param experiment the experiment
     * @param config the settings
     * @param log where progress lines go
     */
    public ExperimentRunner(Experiment experiment, RunConfig config, Consumer<String> log) {
        this(experiment, config, Map.of(), log);
    }

    /**
     * Creates a runner that also records the command's options in its checkpoints.
     *
     * @param experiment the experiment
     * @param config the settings
     * @param options the command-line options that define the run, by name, as recorded
     * @param log where progress lines go
     */
    public ExperimentRunner(Experiment experiment, RunConfig config, Map<String, String> options,
            Consumer<String> log) {
        this.experiment = experiment;
        this.config = config;
        this.options = new LinkedHashMap<>(options);
        this.log = log;
    }

    /**
     * Adds a listener after the runner's own (progress, loss, evaluation, best model, metrics,
     * checkpoint), for example one that draws plots when training ends.
     *
     * @param listener the listener
     * @return this runner
     */
    public ExperimentRunner addTrainingListener(TrainingListener listener) {
        extraListeners.add(listener);
        return this;
    }

    /**
     * Evaluates the validation set only: the test set is never evaluated (its metric stays NaN in
     * the history, the metrics table and the run state), for searches over settings that must not
     * see it. The setting is part of the run's configuration.
     *
     * @param validationOnly whether to leave the test set out
     * @return this runner
     */
    public ExperimentRunner validationOnly(boolean validationOnly) {
        this.validationOnly = validationOnly;
        return this;
    }

    /**
     * Sets the training techniques (default {@link TrainingTechniques#PAPER}). They are part of the
     * run's configuration.
     *
     * @param techniques the techniques
     * @return this runner
     */
    public ExperimentRunner techniques(TrainingTechniques techniques) {
        this.techniques = java.util.Objects.requireNonNull(techniques, "techniques");
        return this;
    }

    /**
     * Returns the configuration that a checkpoint records and a resumed run must repeat: the
     * experiment's settings, the seed and the optimizer's settings.
     *
     * @return option name to value
     */
    public Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>(experiment.configuration());
        c.putAll(options);
        c.put("experiment", experiment.name());
        c.put("--seed", Long.toString(config.seed()));
        c.put("--lr", Float.toString(config.learningRate()));
        c.put("--weight-decay", Float.toString(config.weightDecay()));
        c.put("--lr-milestones", Arrays.toString(config.milestones()));
        c.put("--lr-gamma", Float.toString(config.gamma()));
        c.put("--validation-only", Boolean.toString(validationOnly));
        c.putAll(techniques.configuration());
        if (techniques.schedule() != LearningRateSchedule.STEP) {
            // cosine and onecycle reach their floor at the last epoch: --epochs is part of the schedule
            c.put("--epochs (the length of --schedule " + techniques.schedule().flag() + ")",
                    Integer.toString(config.epochs()));
        }
        return c;
    }

    /**
     * Runs the training and returns the final state.
     *
     * @return the run state (test metric at the best validation epoch)
     * @throws IOException on checkpoint or metrics I/O errors, or a checkpoint that cannot be resumed
     */
    public RunState run() throws IOException {
        Path out = config.outDir();
        Path best = out.resolve("best.params");
        RunCheckpoint checkpoint = null;
        Map<String, String> configuration = configuration();
        if (config.resume()) {
            checkpoint = RunCheckpoint.latest(out);
            List<String> diff = checkpoint.differences(configuration, LATER_DEFAULTS);
            if (!diff.isEmpty()) {
                throw new IllegalArgumentException("--resume: the run in " + out + " was made with other settings:\n  "
                        + String.join("\n  ", diff) + "\nrepeat the run's settings, or train into another --out");
            }
            if (!RunCheckpoint.libraryVersion().equals(checkpoint.configuration().get("library version"))) {
                log.accept("note: the checkpoint was written by library version "
                        + checkpoint.configuration().get("library version") + ", this is "
                        + RunCheckpoint.libraryVersion());
            }
        }
        Files.createDirectories(out);
        Engine.getInstance().setRandomSeed((int) config.seed());
        Device device = Devices.resolve(config.device());
        log.accept(Devices.describe(device));
        TrainingHistory history = checkpoint == null ? new TrainingHistory() : checkpoint.history();
        Block block = experiment.newModel();
        int parts = config.parallelParts() == 0 ? ParallelParts.auto(device, config.batchSize())
                : config.parallelParts();
        ExecutorService pool = parts > 1 ? parallelParts(device, parts) : null;
        try (Model model = Model.newInstance(experiment.name(), device);
                CheckpointWriter checkpoints = new CheckpointWriter(out)) {
            model.setBlock(block);
            int perEpoch = experiment.trainBatchesPerEpoch();
            Tracker lr = techniques.schedule().tracker(config.learningRate(), techniques.minLr(),
                    techniques.warmupEpochs(), config.epochs(), config.milestones(), config.gamma(),
                    Math.max(1, perEpoch));
            ResumableAdam adam = ResumableAdam.builder().optLearningRateTracker(lr)
                    .optWeightDecays(config.weightDecay())
                    .optDecoupledWeightDecay(techniques.optimizer() == TrainingTechniques.Optimizer.ADAMW)
                    .optClipGradNorm(techniques.clipGradNorm()).build();
            MetricsCsvListener csv = new MetricsCsvListener(out.resolve("metrics.csv"), history);
            Device[] devices = new Device[parts];
            Arrays.fill(devices, device);
            TrainingListener evaluation = new EvaluationListener(
                    experiment.dataset(Dataset.Usage.VALIDATION, config.seed()),
                    validationOnly ? null : experiment.dataset(Dataset.Usage.TEST, config.seed()), config.evalEvery(),
                    config.epochs(), experiment.metricName(), experiment::metric, history, log);
            TrainingListener bestParams = new BestParametersListener(best, history);
            WeightAverageListener ema = techniques.emaDecay() > 0
                    ? WeightAverageListener.exponentialWithWarmup(techniques.emaDecay(), evaluation, bestParams)
                    : techniques.swaStartEpoch() > 0
                            ? WeightAverageListener.stochastic(techniques.swaStartEpoch(), evaluation, bestParams)
                            : null;
            RunCheckpoint.Writer write = () -> checkpoints.submit(RunCheckpoint.snapshot(block, adam, ema, history,
                    configuration, best));
            DefaultTrainingConfig tc = new DefaultTrainingConfig(experiment.loss()).optOptimizer(adam)
                    .optDevices(devices)
                    .addTrainingListeners(new ProgressBarListener(history), new TrainingLossListener(history));
            if (ema != null) {
                tc.addTrainingListeners(ema);
            } else {
                tc.addTrainingListeners(evaluation, bestParams);
            }
            tc.addTrainingListeners(csv, new CheckpointListener(config.checkpointEvery(), config.epochs(), history,
                    (trainer, epoch) -> write.write()));
            for (TrainingListener l : extraListeners) {
                tc.addTrainingListeners(l);
            }
            int patience = techniques.earlyStopPatience();
            if (patience > 0) {
                // last, so that every other listener (the checkpoint's included) has seen the epoch
                tc.addTrainingListeners(new EarlyStopListener(patience, history));
            }
            if (pool != null) {
                tc.optExecutorService(pool);
            }
            try (GraphTrainer trainer = new GraphTrainer(model, tc)) {
                if (checkpoint != null) {
                    // before trainer.initialize, which caches the parameter arrays in its ParameterStore
                    block.initialize(model.getNDManager(), model.getDataType(), experiment.inputShapes());
                    checkpoint.loadParameters(block, model.getNDManager());
                }
                trainer.initialize(experiment.inputShapes());
                if (checkpoint != null) {
                    checkpoint.loadOptimizer(adam, block, model.getNDManager());
                    if (ema != null) {
                        checkpoint.loadAverage(ema, block, model.getNDManager());
                    }
                    checkpoint.restoreBest(best);
                    log.accept("resumed from " + checkpoint.folder() + " after epoch " + checkpoint.epoch());
                }
                csv.write();
                GraphDataset train = experiment.dataset(Dataset.Usage.TRAIN, config.seed());
                ((EpochShuffleSampler) train.getSampler()).setEpochsDone(history.epochsDone());
                int remaining = config.epochs() - history.epochsDone();
                if (patience > 0 && EarlyStopListener.exhausted(history, patience)) {
                    log.accept(String.format(Locale.ROOT, "the run stopped early after epoch %d: no better"
                            + " validation in %d evaluations since epoch %d", history.epochsDone(), patience,
                            history.bestEpoch()));
                    remaining = 0;
                }
                long runStart = System.nanoTime();
                history.restartClock();
                if (remaining > 0) {
                    try {
                        EasyTrain.fit(trainer, remaining, train, null);
                    } catch (EarlyStoppedException e) {
                        log.accept(e.getMessage());
                        if (e.getStopEpoch() % config.checkpointEvery() != 0 && e.getStopEpoch() != config.epochs()) {
                            write.write();
                        }
                        remaining = e.getStopEpoch() - (config.epochs() - remaining);
                        trainer.notifyListeners(l -> l.onTrainingEnd(trainer));
                    }
                }
                checkpoints.await();
                log.accept(String.format(Locale.ROOT, "trained %d epochs in %.1f s", Math.max(0, remaining),
                        (System.nanoTime() - runStart) / 1e9));
            } catch (TranslateException e) {
                throw new IOException(e.getMessage(), e);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return RunState.of(history, config.seed(), experiment.name());
    }

    /**
     * Evaluates saved parameters on a partition.
     *
     * @param params the parameter file ({@code best.params} or a checkpoint's {@code model.params})
     * @param usage the partition
     * @return the metric
     * @throws IOException if the file cannot be read
     */
    public double evaluate(Path params, Dataset.Usage usage) throws IOException {
        Device device = Devices.resolve(config.device());
        Block block = experiment.newModel();
        try (Model model = Model.newInstance(experiment.name(), device)) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(experiment.loss())
                    .optDevices(new Device[] {device}))) {
                block.initialize(model.getNDManager(), model.getDataType(), experiment.inputShapes());
                RunCheckpoint.loadParameters(block, model.getNDManager(), params);
                trainer.initialize(experiment.inputShapes());
                return EvaluationListener.evaluate(trainer, experiment.dataset(usage, config.seed()),
                        experiment::metric);
            }
        }
    }

    /**
     * Returns the threads of {@code parts} parallel parts. On the CPU the parts share libtorch's threads
     * ({@link ParallelParts#threadsPerPart}, a process-wide setting), since parallel parts and all
     * intra-op threads at once would oversubscribe the cores.
     */
    private ExecutorService parallelParts(Device device, int parts) {
        boolean cpu = Device.Type.CPU.equals(device.getDeviceType());
        int threads = ParallelParts.threadsPerPart(parts);
        if (cpu) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        log.accept(parts + " parallel parts per training batch" + (cpu ? ", " + threads + " intra-op thread"
                + (threads == 1 ? "" : "s") + " each" : ""));
        return Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "segnn-training-part");
            t.setDaemon(true);
            return t;
        });
    }
}
