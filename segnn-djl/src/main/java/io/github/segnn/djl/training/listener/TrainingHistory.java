// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run has done so far, shared by its listeners and saved in its checkpoints: one row per
 * finished epoch (training loss, validation and test metric where evaluated, training seconds) and
 * the best validation epoch with its test metric. A resumed run restores it from its checkpoint, so
 * that its metrics table has every epoch exactly once.
 */
public final class TrainingHistory {

    /** Header of the metrics table ({@link #toCsv()}). */
    public static final String CSV_HEADER = "epoch,train_loss,valid,test,seconds";

    /** One finished epoch. */
    public static final class Row {
        /** The epoch, 1-based. */
        public int epoch;
        /** The mean training loss of its batches. */
        public double trainLoss;
        /** The validation metric, NaN where not evaluated. */
        public double valid = Double.NaN;
        /** The test metric, NaN where not evaluated. */
        public double test = Double.NaN;
        /** Seconds of training (batches and updates, not evaluation). */
        public double seconds;
    }

    private final List<Row> rows = new ArrayList<>();
    private int bestEpoch;
    private double bestValid = Double.POSITIVE_INFINITY;
    private double testAtBest = Double.NaN;
    private transient long clock = System.nanoTime();

    /**
     * Returns the number of finished epochs.
     *
     * @return the count
     */
    public synchronized int epochsDone() {
        return rows.size();
    }

    /**
     * Returns a copy of the rows.
     *
     * @return the rows, one per finished epoch
     */
    public synchronized List<Row> rows() {
        return new ArrayList<>(rows);
    }

    /**
     * Returns the last finished epoch's row.
     *
     * @return the row
     * @throws IllegalStateException before the first epoch
     */
    public synchronized Row last() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("TrainingHistory: no epoch has finished yet");
        }
        return rows.get(rows.size() - 1);
    }

    /**
     * Records a finished epoch.
     *
     * @param trainLoss its mean training loss
     * @param seconds its training seconds
     * @return its row
     */
    public synchronized Row addEpoch(double trainLoss, double seconds) {
        Row r = new Row();
        r.epoch = rows.size() + 1;
        r.trainLoss = trainLoss;
        r.seconds = seconds;
        rows.add(r);
        return r;
    }

    /**
     * Records the evaluation of the last finished epoch; it becomes the best epoch when its validation
     * metric is lower than every earlier one.
     *
     * @param valid the validation metric
     * @param test the test metric
     * @return whether it is the new best epoch
     */
    public synchronized boolean evaluated(double valid, double test) {
        Row r = last();
        r.valid = valid;
        r.test = test;
        if (valid < bestValid) {
            bestValid = valid;
            bestEpoch = r.epoch;
            testAtBest = test;
            return true;
        }
        return false;
    }

    /**
     * Returns the epoch of the lowest validation metric.
     *
     * @return the epoch, 0 before the first evaluation
     */
    public synchronized int bestEpoch() {
        return bestEpoch;
    }

    /**
     * Returns the lowest validation metric.
     *
     * @return the metric, infinity before the first evaluation
     */
    public synchronized double bestValid() {
        return bestValid;
    }

    /**
     * Returns the test metric at the best validation epoch.
     *
     * @return the metric, NaN before the first evaluation
     */
    public synchronized double testAtBest() {
        return testAtBest;
    }

    /** Restarts the epoch clock (the listeners call it when an epoch's work is done). */
    public synchronized void restartClock() {
        clock = System.nanoTime();
    }

    /**
     * Returns the seconds since the clock was last restarted.
     *
     * @return the seconds
     */
    public synchronized double elapsedSeconds() {
        return (System.nanoTime() - clock) / 1e9;
    }

    /**
     * Returns the metrics table: {@link #CSV_HEADER} and one line per finished epoch, the metrics
     * with 8 significant digits, empty where not evaluated.
     *
     * @return the CSV text
     */
    public synchronized String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.3f%n", r.epoch, fmt(r.trainLoss), fmt(r.valid),
                    fmt(r.test), r.seconds));
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v);
    }
}
