// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.LinearTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.util.Locale;

/**
 * The learning-rate schedules of {@code --schedule}, each a DJL {@link Tracker} of the optimizer's
 * update count (0-based, as {@link io.github.segnn.djl.training.ResumableAdam} counts, and restores
 * from a checkpoint): a stateless function of that count, so a resumed run gets the same rate for
 * the same update. Epochs are turned into updates with the number of training batches per epoch.
 *
 * <ul>
 *   <li>{@link #STEP}: constant, multiplied by {@code gamma} after each milestone epoch (PyTorch's
 *       {@code MultiStepLR} stepped per epoch, {@link MilestoneTracker}); the paper's constant rate
 *       without milestones. No warm-up.
 *   <li>{@link #COSINE}: linear warm-up, then DJL's {@link CosineTracker} from the rate down to the
 *       floor over the remaining updates (PyTorch's {@code CosineAnnealingLR} stepped per update).
 *   <li>{@link #ONECYCLE}: linear warm-up from a 25th of the rate (PyTorch {@code OneCycleLR}'s
 *       {@code div_factor}), then DJL's {@link LinearTracker} down to the floor at the last update:
 *       {@code OneCycleLR(anneal_strategy='linear')} without its momentum cycling.
 * </ul>
 *
 * <p>The warm-up is DJL's {@link WarmUpTracker} in linear mode over {@code W} updates. For {@code
 * cosine} it starts at {@code lr / (W + 1)}, so that the rate rises in equal steps from 0 (before
 * the first update, which would be wasted at rate 0) to {@code lr} at update {@code W}.
 */
public enum LearningRateSchedule {
    /** Constant, with optional milestones. */
    STEP,
    /** Linear warm-up, then cosine decay to the floor. */
    COSINE,
    /** Linear warm-up from a 25th of the rate, then linear decay to the floor. */
    ONECYCLE;

    /** PyTorch {@code OneCycleLR}'s default {@code div_factor}: the warm-up starts at lr / 25. */
    static final float ONECYCLE_DIV = 25f;

    /**
     * Returns the option value.
     *
     * @return {@code step}, {@code cosine} or {@code onecycle}
     */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an option value.
     *
     * @param value {@code step}, {@code cosine} or {@code onecycle}, any case
     * @return the schedule
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LearningRateSchedule parse(String value) {
        for (LearningRateSchedule s : values()) {
            if (s.flag().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("--schedule must be step, cosine or onecycle, got '" + value + "'");
    }

    /**
     * Builds the schedule's tracker.
     *
     * @param lr the (peak) learning rate
     * @param minLr the floor of cosine and onecycle, in [0, lr)
     * @param warmupEpochs epochs of linear warm-up (cosine, onecycle), in [0, epochs)
     * @param epochs the run's epochs: cosine and onecycle reach the floor at its end
     * @param milestones step: epochs after which the rate is multiplied by gamma
     * @param gamma step: the factor at each milestone
     * @param updatesPerEpoch optimizer updates per epoch, at least 1
     * @return the tracker, called with the 0-based update count
     * @throws IllegalArgumentException if the values do not fit the schedule
     */
    public Tracker tracker(float lr, float minLr, int warmupEpochs, int epochs, int[] milestones, float gamma,
            int updatesPerEpoch) {
        if (updatesPerEpoch < 1) {
            throw new IllegalArgumentException("updatesPerEpoch must be >= 1, got " + updatesPerEpoch);
        }
        if (this == STEP) {
            if (warmupEpochs != 0) {
                throw new IllegalArgumentException("--warmup-epochs applies to --schedule cosine or onecycle");
            }
            return milestones.length == 0 ? Tracker.fixed(lr) : new MilestoneTracker(lr, milestones, gamma,
                    updatesPerEpoch);
        }
        if (milestones.length > 0) {
            throw new IllegalArgumentException("--lr-milestones applies to --schedule step");
        }
        if (!(minLr >= 0 && minLr < lr)) {
            throw new IllegalArgumentException("--min-lr must lie in [0, --lr = " + lr + "), got " + minLr);
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("--warmup-epochs must lie in [0, --epochs - 1 = " + (epochs - 1)
                    + "], got " + warmupEpochs);
        }
        int warmup = Math.multiplyExact(warmupEpochs, updatesPerEpoch);
        int decay = Math.multiplyExact(epochs - warmupEpochs, updatesPerEpoch);
        Tracker main;
        float begin;
        if (this == COSINE) {
            main = CosineTracker.builder().setBaseValue(lr).optFinalValue(minLr).setMaxUpdates(decay).build();
            begin = lr / (warmup + 1);
        } else {
            // the floor at the last update, decay - 1
            int span = Math.max(1, decay - 1);
            main = LinearTracker.builder().setBaseValue(lr).optSlope((minLr - lr) / span).optMaxUpdates(span)
                    .build();
            begin = lr / ONECYCLE_DIV;
        }
        if (warmup == 0) {
            return main;
        }
        return WarmUpTracker.builder().setMainTracker(main).optWarmUpSteps(warmup).optWarmUpBeginValue(begin)
                .optWarmUpMode(WarmUpTracker.Mode.LINEAR).build();
    }
}
