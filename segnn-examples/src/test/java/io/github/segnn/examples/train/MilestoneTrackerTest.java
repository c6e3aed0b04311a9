// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MilestoneTrackerTest {

    @Test
    void multipliesOncePerMilestoneReachedLikeMultiStepLr() {
        // 10 epochs, 7 updates per epoch, milestones floor(0.8 E) = 8 and floor(0.9 E) = 9
        MilestoneTracker t = new MilestoneTracker(1f, new int[] {8, 9}, 0.1f, 7);
        assertEquals(1f, t.getNewValue(0));
        assertEquals(1f, t.getNewValue(8 * 7 - 1)); // last update of epoch 8
        assertEquals(0.1f, t.getNewValue(8 * 7), 1e-7); // first update of epoch 9
        assertEquals(0.01f, t.getNewValue(9 * 7), 1e-8);
        assertEquals(0.01f, t.getNewValue(100 * 7), 1e-8);
        // repeated milestones count twice (E = 2: floor(1.6) = floor(1.8) = 1)
        MilestoneTracker twice = new MilestoneTracker(1f, new int[] {1, 1}, 0.1f, 3);
        assertEquals(1f, twice.getNewValue(2));
        assertEquals(0.01f, twice.getNewValue(3), 1e-8);
        // milestone 0 applies from the first update (E = 1)
        assertEquals(0.01f, new MilestoneTracker(1f, new int[] {0, 0}, 0.1f, 3).getNewValue(0), 1e-8);
    }
}
