// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.training.Trainer;
import ai.djl.training.listener.EarlyStoppingListener.EarlyStoppedException;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.Locale;

/**
 * Stops a run when its validation metric has not improved for {@code patience} evaluations, by
 * throwing DJL's {@link EarlyStoppedException} out of {@code EasyTrain.fit} (catch it around the
 * call, as with DJL's own {@code EarlyStoppingListener}, which watches {@code EasyTrain}'s
 * validation loss where this one reads the {@link TrainingHistory} that an {@link
 * EvaluationListener} fills). Add it last, so that every other listener has seen the epoch. The
 * rule depends on the history alone ({@link #exhausted}), so a resumed run knows whether its
 * checkpoint had already stopped.
 */
public final class EarlyStopListener extends TrainingListenerAdapter {

    private final int patience;
    private final TrainingHistory history;

    /**
     * Creates the listener.
     *
     * @param patience evaluations without a better validation metric before stopping, at least 1
     * @param history the run's history
     */
    public EarlyStopListener(int patience, TrainingHistory history) {
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopListener: the patience must be >= 1 evaluations, got "
                    + patience);
        }
        this.patience = patience;
        this.history = history;
    }

    /**
     * Tells whether a history has had {@code patience} evaluations since its best one.
     *
     * @param history the history
     * @param patience the patience, at least 1
     * @return whether the run should stop
     */
    public static boolean exhausted(TrainingHistory history, int patience) {
        int best = history.bestEpoch();
        if (best == 0) {
            return false;
        }
        int since = 0;
        for (TrainingHistory.Row r : history.rows()) {
            if (r.epoch > best && !Double.isNaN(r.valid)) {
                since++;
            }
        }
        return since >= patience;
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        if (exhausted(history, patience)) {
            int epoch = history.epochsDone();
            throw new EarlyStoppedException(epoch, String.format(Locale.ROOT, "stopped early after epoch %d: the"
                    + " validation metric has not improved in %d evaluations since epoch %d", epoch, patience,
                    history.bestEpoch()));
        }
    }
}
