// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.github.segnn.djl.training.GraphTrainer;
import java.util.Locale;
import java.util.Map;

/**
 * Averages the training loss of an epoch's batches into a {@link TrainingHistory} row, and stops
 * the run (by throwing out of {@code EasyTrain.fit}, before the batch's update) when a batch's loss
 * is not finite, naming the epoch and the batch. The loss of a batch is
 * {@link GraphTrainer#getBatchLoss()} for a {@code GraphTrainer}, else the trainer's loss on the
 * batch's predictions.
 */
public final class TrainingLossListener extends TrainingListenerAdapter {

    private final TrainingHistory history;
    private double sum;
    private int batches;

    /**
     * Creates the listener.
     *
     * @param history the run's history
     */
    public TrainingLossListener(TrainingHistory history) {
        this.history = history;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        double loss;
        if (trainer instanceof GraphTrainer) {
            loss = ((GraphTrainer) trainer).getBatchLoss();
        } else {
            loss = 0;
            for (Map.Entry<Device, NDList> e : batchData.getPredictions().entrySet()) {
                NDArray l = trainer.getLoss().evaluate(batchData.getLabels().get(e.getKey()), e.getValue());
                loss += l.toType(DataType.FLOAT64, false).getDouble();
            }
        }
        batches++;
        if (!Double.isFinite(loss)) {
            throw new NonFiniteLossException(String.format(Locale.ROOT,
                    "training stopped: the loss of epoch %d, batch %d of %d is %s (check the data for NaN or infinite"
                            + " values, or lower the learning rate)", history.epochsDone() + 1, batches,
                    batchData.getBatch().getProgressTotal(), loss));
        }
        sum += loss;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        history.addEpoch(batches == 0 ? Double.NaN : sum / batches, history.elapsedSeconds());
        history.restartClock();
        sum = 0;
        batches = 0;
    }

    /** Thrown when a training batch's loss is NaN or infinite. */
    public static final class NonFiniteLossException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NonFiniteLossException(String message) {
            super(message);
        }
    }
}
