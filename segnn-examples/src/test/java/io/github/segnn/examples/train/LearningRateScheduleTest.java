// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** The schedules of {@code --schedule}, per 0-based optimizer update, against their formulas. */
class LearningRateScheduleTest {

    private static final int[] NONE = {};

    @Test
    void cosineWarmsUpFromZeroAndDecaysToTheFloor() {
        // 10 epochs of 4 updates, 2 epochs of warm-up: 8 warm-up updates, 32 of cosine decay
        Tracker t = LearningRateSchedule.COSINE.tracker(1e-3f, 1e-5f, 2, 10, NONE, 0.1f, 4);
        for (int u = 0; u < 8; u++) {
            assertEquals(1e-3 * (u + 1) / 9, t.getNewValue(u), 1e-9, "warm-up update " + u);
        }
        for (int u = 8; u < 40; u++) {
            double expected = 1e-5 + (1e-3 - 1e-5) * (1 + Math.cos(Math.PI * (u - 8) / 32)) / 2;
            assertEquals(expected, t.getNewValue(u), 1e-9, "cosine update " + u);
        }
        assertEquals(1e-5, t.getNewValue(40), 1e-12, "the floor after the last update");
    }

    @Test
    void onecycleRisesFromA25thAndFallsLinearlyToTheFloorAtTheLastUpdate() {
        // 5 epochs of 2 updates, 1 epoch of warm-up
        Tracker t = LearningRateSchedule.ONECYCLE.tracker(2e-3f, 0f, 1, 5, NONE, 0.1f, 2);
        assertEquals(2e-3 / 25, t.getNewValue(0), 1e-10);
        assertEquals((2e-3 / 25 + 2e-3) / 2, t.getNewValue(1), 1e-10);
        assertEquals(2e-3, t.getNewValue(2), 1e-10, "the peak after the warm-up");
        for (int u = 2; u < 10; u++) {
            assertEquals(2e-3 * (1 - (u - 2) / 7.0), t.getNewValue(u), 1e-9, "update " + u);
        }
        assertEquals(0, t.getNewValue(9), 1e-9, "the floor at the last update");
    }

    @Test
    void stepKeepsTheMilestonesAndTheConstantRate() {
        Tracker constant = LearningRateSchedule.STEP.tracker(5e-4f, 0f, 0, 10, NONE, 0.1f, 3);
        assertEquals(5e-4f, constant.getNewValue(0));
        assertEquals(5e-4f, constant.getNewValue(29));
        Tracker stepped = LearningRateSchedule.STEP.tracker(5e-4f, 0f, 0, 10, new int[] {2}, 0.1f, 3);
        assertEquals(5e-4f, stepped.getNewValue(5));
        assertEquals(5e-5, stepped.getNewValue(6), 1e-10);
    }

    @Test
    void rejectsSettingsThatDoNotFitTheSchedule() {
        String warm = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.COSINE.tracker(1e-3f, 0f, 10, 10, NONE, 0.1f, 4)).getMessage();
        assertTrue(warm.contains("--warmup-epochs must lie in [0, --epochs - 1 = 9], got 10"), warm);
        String floor = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.ONECYCLE.tracker(1e-3f, 1e-3f, 0, 10, NONE, 0.1f, 4)).getMessage();
        assertTrue(floor.contains("--min-lr must lie in [0, --lr"), floor);
        String step = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.STEP.tracker(1e-3f, 0f, 1, 10, NONE, 0.1f, 4)).getMessage();
        assertTrue(step.contains("--warmup-epochs applies to --schedule cosine or onecycle"), step);
        String milestones = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.COSINE.tracker(1e-3f, 0f, 0, 10, new int[] {3}, 0.1f, 4)).getMessage();
        assertTrue(milestones.contains("--lr-milestones applies to --schedule step"), milestones);
        assertEquals(LearningRateSchedule.ONECYCLE, LearningRateSchedule.parse("OneCycle"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear"));
    }
}
