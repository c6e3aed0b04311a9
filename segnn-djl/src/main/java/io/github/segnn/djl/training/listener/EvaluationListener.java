// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Evaluates a metric on the validation and the test set every {@code K} epochs and after the last
 * epoch, records both in the {@link TrainingHistory} (which tracks the best validation epoch and
 * its test metric) and logs a line. Without a test set it evaluates the validation set only (the
 * history's test metric stays NaN), so that a search over settings never sees the test set.
 * {@code EasyTrain.fit} is given no validation set of its own: it would run one every epoch, where
 * this listener runs both sets every {@code K}.
 */
public final class EvaluationListener extends TrainingListenerAdapter {

    /** A metric summed over a batch: {@code {sum, count}}; the dataset's metric is their ratio. */
    @FunctionalInterface
    public interface BatchMetric {
        /**
         * Returns the metric's sum over a batch and its number of terms.
         *
         * @param predictions the model's outputs
         * @param labels the labels
         * @return {@code {sum, count}}
         */
        double[] sumAndCount(NDList predictions, NDList labels);
    }

    private final Dataset validation;
    private final Dataset test;
    private final int every;
    private final int epochs;
    private final String metricName;
    private final BatchMetric metric;
    private final TrainingHistory history;
    private final Consumer<String> log;

    /**
     * Creates the listener.
     *
     * @param validation the validation set
     * @param test the test set, or null to evaluate the validation set only
     * @param every evaluate every this many epochs, at least 1
     * @param epochs the run's last epoch (always evaluated)
     * @param metricName the metric's name in the log, for example {@code mse}
     * @param metric the metric
     * @param history the run's history
     * @param log where the line of each evaluation goes
     */
    public EvaluationListener(Dataset validation, Dataset test, int every, int epochs, String metricName,
            BatchMetric metric, TrainingHistory history, Consumer<String> log) {
        if (every < 1) {
            throw new IllegalArgumentException("EvaluationListener: evaluate every >= 1 epochs, got " + every);
        }
        this.validation = validation;
        this.test = test;
        this.every = every;
        this.epochs = epochs;
        this.metricName = metricName;
        this.metric = metric;
        this.history = history;
        this.log = log;
    }

    /**
     * Evaluates the metric of a trainer's model on a dataset.
     *
     * @param trainer the trainer
     * @param dataset the dataset
     * @param metric the metric
     * @return the metric
     */
    public static double evaluate(Trainer trainer, Dataset dataset, BatchMetric metric) {
        double sum = 0;
        double count = 0;
        try {
            for (Batch batch : trainer.iterateDataset(dataset)) {
                try (batch) {
                    NDList pred = trainer.evaluate(batch.getData());
                    double[] r = metric.sumAndCount(pred, batch.getLabels());
                    sum += r[0];
                    count += r[1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return sum / count;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        TrainingHistory.Row row = history.last();
        if (row.epoch % every != 0 && row.epoch != epochs) {
            return;
        }
        double v = evaluate(trainer, validation, metric);
        if (test == null) {
            history.evaluated(v, Double.NaN);
            log.accept(String.format(Locale.ROOT, "epoch %d: train_loss=%.6g valid_%s=%.8g (best valid at epoch %d)",
                    row.epoch, row.trainLoss, metricName, v, history.bestEpoch()));
            return;
        }
        double t = evaluate(trainer, test, metric);
        history.evaluated(v, t);
        log.accept(String.format(Locale.ROOT, "epoch %d: train_loss=%.6g valid_%s=%.8g test_%s=%.8g (best valid at"
                + " epoch %d)", row.epoch, row.trainLoss, metricName, v, metricName, t, history.bestEpoch()));
    }
}
