// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training techniques of a run beyond {@link RunConfig}'s learning rate, weight decay and
 * milestones: Adam or AdamW, the learning-rate schedule with its warm-up and floor, an exponential
 * moving average of the weights or stochastic weight averaging (SWA) for evaluation, clipping by
 * global gradient norm and early stopping on validation. {@link #PAPER} is none of them: the
 * paper's (and the official code's) Adam with a constant or stepped rate.
 *
 * @param optimizer Adam (L2 weight decay, as {@code torch.optim.Adam}) or AdamW (decoupled)
 * @param schedule the learning-rate schedule
 * @param warmupEpochs epochs of linear warm-up (cosine and onecycle)
 * @param minLr the floor of cosine and onecycle
 * @param emaDecay the decay of the weights' moving average used for evaluation, 0 for none
 * @param swaStartEpoch the first epoch of the weights' equal average (SWA) used for evaluation, 0
 *     for none; not with {@code emaDecay}
 * @param clipGradNorm the largest global gradient norm, 0 for no clipping
 * @param earlyStopPatience evaluations without a better validation metric before the run stops, 0
 *     for never
 */
public record TrainingTechniques(Optimizer optimizer, LearningRateSchedule schedule, int warmupEpochs, float minLr,
        float emaDecay, int swaStartEpoch, float clipGradNorm, int earlyStopPatience) {

    /** The optimizer of {@code --optimizer}. */
    public enum Optimizer {
        /** {@code torch.optim.Adam}: the weight decay is an L2 term added to the gradient. */
        ADAM,
        /** {@code torch.optim.AdamW}: the weight decay shrinks the weights before each step. */
        ADAMW;

        /**
         * Returns the option value.
         *
         * @return {@code adam} or {@code adamw}
         */
        public String flag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** None of the techniques: Adam, the step schedule, no average, no clipping, no early stop. */
    public static final TrainingTechniques PAPER = new TrainingTechniques(Optimizer.ADAM, LearningRateSchedule.STEP,
            0, 0f, 0f, 0, 0f, 0);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the option and its range
     */
    public TrainingTechniques {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("--optimizer and --schedule must be given");
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("--warmup-epochs must be >= 0, got " + warmupEpochs);
        }
        if (!(minLr >= 0) || Float.isInfinite(minLr)) {
            throw new IllegalArgumentException("--min-lr must be >= 0, got " + minLr);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("--ema-decay must lie in [0, 1) (0: no average), got " + emaDecay);
        }
        if (swaStartEpoch < 0) {
            throw new IllegalArgumentException("--swa-start-epoch must be >= 0 (0: no SWA), got " + swaStartEpoch);
        }
        if (swaStartEpoch > 0 && emaDecay > 0) {
            throw new IllegalArgumentException("--swa-start-epoch and --ema-decay are two averages of the weights:"
                    + " give one of them");
        }
        if (!(clipGradNorm >= 0) || Float.isInfinite(clipGradNorm)) {
            throw new IllegalArgumentException("--clip-grad-norm must be >= 0 (0: no clipping), got " + clipGradNorm);
        }
        if (earlyStopPatience < 0) {
            throw new IllegalArgumentException("--early-stop-patience must be >= 0 (0: never), got "
                    + earlyStopPatience);
        }
    }

    /**
     * Returns the settings as a run's checkpoints record them, by option name.
     *
     * @return option name to value
     */
    public Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("--optimizer", optimizer.flag());
        c.put("--schedule", schedule.flag());
        c.put("--warmup-epochs", Integer.toString(warmupEpochs));
        c.put("--min-lr", Float.toString(minLr));
        c.put("--ema-decay", Float.toString(emaDecay));
        c.put("--swa-start-epoch", Integer.toString(swaStartEpoch));
        c.put("--clip-grad-norm", Float.toString(clipGradNorm));
        c.put("--early-stop-patience", Integer.toString(earlyStopPatience));
        return c;
    }
}
