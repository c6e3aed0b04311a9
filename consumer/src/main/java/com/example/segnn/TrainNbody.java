// SPDX-License-Identifier: Apache-2.0
package com.example.segnn;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.djl.training.GraphTrainer;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.djl.training.listener.EvaluationListener;
import io.github.segnn.djl.training.listener.ProgressBarListener;
import io.github.segnn.djl.training.listener.TrainingHistory;
import io.github.segnn.djl.training.listener.TrainingLossListener;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyData;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.model.NbodyModel;
import io.github.segnn.examples.train.MeanErrorLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code segnn nbody train} written as a DJL program: the charged 5-body data set as three
 * {@link NbodyDataset}s, SEGNN_G+P, Adam 5e-4, and {@code EasyTrain.fit} with the library's
 * listeners. With the same data, seed and epochs it prints the command's {@code test_mse} (the
 * command run with {@code --parallel-parts 1}, one part per batch as here).
 */
public final class TrainNbody {

    /** Systems per batch, as the paper. */
    static final int BATCH = 100;

    private TrainNbody() {}

    /**
     * Trains on the data in a folder (generated there, seed 43, when it holds none) and prints the
     * test MSE at the best validation epoch.
     *
     * @param args the data folder and the number of epochs (default {@code data/nbody} and 10)
     * @throws IOException if the data cannot be read or written
     * @throws TranslateException if a batch cannot be built
     */
    public static void main(String[] args) throws IOException, TranslateException {
        Path folder = Path.of(args.length > 0 ? args[0] : "data/nbody");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Map<Dataset.Usage, ChargedFrames> frames = NbodyData.load(folder, true, 43, 2, System.out::println);
        TrainingHistory history = train(frames, epochs, 42);
        System.out.printf(Locale.ROOT, "test_mse=%.6g%n", history.testAtBest());
    }

    /**
     * Trains SEGNN_G+P on the first 3000 training systems, evaluating validation and test every 5
     * epochs and after the last.
     *
     * @param frames the frames of the train, valid and test splits
     * @param epochs the epochs
     * @param seed the seed of the initial weights and of the batch order
     * @return every epoch's training loss and evaluations; {@code testAtBest()} is the result
     * @throws IOException if a batch cannot be read
     * @throws TranslateException if a batch cannot be built
     */
    public static TrainingHistory train(Map<Dataset.Usage, ChargedFrames> frames, int epochs, long seed)
            throws IOException, TranslateException {
        NbodyDataset train = NbodyDataset.builder().setData(frames).optUsage(Dataset.Usage.TRAIN)
                .setSampling(new EpochShuffleSampler(BATCH, true, true, seed)).optLimit(3000).build();
        NbodyDataset valid = NbodyDataset.builder().setData(frames).optUsage(Dataset.Usage.VALIDATION)
                .setSampling(EpochShuffleSampler.sequential(BATCH)).build();
        NbodyDataset test = NbodyDataset.builder().setData(frames).optUsage(Dataset.Usage.TEST)
                .setSampling(EpochShuffleSampler.sequential(BATCH)).build();

        Engine.getInstance().setRandomSeed((int) seed);
        NbodyModel net = new NbodyModel(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH);
        TrainingHistory history = new TrainingHistory();
        try (Model model = Model.newInstance("nbody-segnn-gp")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(MeanErrorLoss.squared())
                    .optOptimizer(ResumableAdam.builder().optLearningRateTracker(Tracker.fixed(5e-4f))
                            .optWeightDecays(1e-12f).build())
                    .addTrainingListeners(new ProgressBarListener(history), new TrainingLossListener(history),
                            new EvaluationListener(valid, test, 5, epochs, "mse", TrainNbody::squaredError,
                                    history, System.out::println));
            try (GraphTrainer trainer = new GraphTrainer(model, config)) {
                int particles = frames.get(Dataset.Usage.TRAIN).numParticles();
                trainer.initialize(NbodyModel.inputShapes(BATCH, particles, (long) BATCH * particles * (particles - 1)));
                EasyTrain.fit(trainer, epochs, train, null);
            }
        }
        return history;
    }

    /** The sum of squared errors of a batch and the number of terms, from which the MSE is pooled. */
    private static double[] squaredError(NDList predictions, NDList labels) {
        NDArray d = predictions.singletonOrThrow().sub(labels.singletonOrThrow()).toType(DataType.FLOAT64, false);
        return new double[] {d.square().sum().getDouble(), d.size()};
    }
}
