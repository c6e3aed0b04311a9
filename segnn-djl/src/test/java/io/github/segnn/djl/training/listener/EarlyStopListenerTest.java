// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link EarlyStopListener}'s rule: {@code patience} evaluations since the best one. */
class EarlyStopListenerTest {

    @Test
    void countsEvaluationsSinceTheBest() {
        TrainingHistory h = new TrainingHistory();
        assertFalse(EarlyStopListener.exhausted(h, 1), "no evaluation yet");
        h.addEpoch(1, 0);
        h.evaluated(0.5, Double.NaN);
        h.addEpoch(1, 0); // not evaluated: does not count
        h.addEpoch(1, 0);
        h.evaluated(0.6, Double.NaN);
        assertTrue(EarlyStopListener.exhausted(h, 1));
        assertFalse(EarlyStopListener.exhausted(h, 2));
        h.addEpoch(1, 0);
        h.evaluated(0.5, Double.NaN); // equal is no improvement
        assertTrue(EarlyStopListener.exhausted(h, 2));
        h.addEpoch(1, 0);
        h.evaluated(0.4, Double.NaN);
        assertFalse(EarlyStopListener.exhausted(h, 1), "a better epoch starts the count again");
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopListener(0, h));
    }
}
