// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.training.tracker.Tracker;
import java.util.Arrays;

/**
 * A learning rate multiplied by {@code gamma} once for every milestone reached, as PyTorch's
 * {@code MultiStepLR} stepped once per epoch: update {@code u} (0-based, as {@link
 * io.github.segnn.djl.training.ResumableAdam} counts) of epoch {@code floor(u / updatesPerEpoch)}
 * (0-based) uses {@code base * gamma^k}, with {@code k} the number of milestones {@code m <= } that
 * epoch. Milestones may repeat (each counts, like {@code MultiStepLR}'s counter) and may be 0.
 * Stateless, so a resumed run gets the same value for the same update. DJL's {@code
 * MultiFactorTracker} needs at least two strictly increasing steps, which short runs such as
 * {@code floor(0.8 E) = floor(0.9 E)} do not give.
 */
final class MilestoneTracker implements Tracker {

    private final float base;
    private final long[] firstUpdates;
    private final float gamma;

    /**
     * Creates the tracker.
     *
     * @param base the initial value
     * @param milestones epochs (0-based, i.e. after that many epochs) at which the value is multiplied by gamma
     * @param gamma the factor
     * @param updatesPerEpoch optimizer updates per epoch, at least 1
     */
    MilestoneTracker(float base, int[] milestones, float gamma, int updatesPerEpoch) {
        if (updatesPerEpoch < 1) {
            throw new IllegalArgumentException("updatesPerEpoch must be >= 1, got " + updatesPerEpoch);
        }
        this.base = base;
        this.gamma = gamma;
        firstUpdates = new long[milestones.length];
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 0) {
                throw new IllegalArgumentException("milestones must be >= 0, got " + milestones[i]);
            }
            firstUpdates[i] = (long) milestones[i] * updatesPerEpoch;
        }
        Arrays.sort(firstUpdates);
    }

    @Override
    public float getNewValue(int numUpdate) {
        float v = base;
        for (long first : firstUpdates) {
            if (numUpdate >= first) {
                v *= gamma;
            }
        }
        return v;
    }
}
