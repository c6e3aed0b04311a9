package io.github.segnn.djl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import io.github.segnn.djl.TestSupport;
import org.junit.jupiter.api.Test;

class ResumableAdamTest {

    @Test
    void matchesTorchAdamAndClearsGradients() {
        try (NDManager m = TestSupport.manager()) {
            NDArray w = m.create(new double[] {1.0, -2.0});
            w.setRequiresGradient(true);
            ResumableAdam adam = ResumableAdam.builder().optLearningRateTracker(Tracker.fixed(0.1f))
                    .optWeightDecays(0.01f).build();
            double[] x = {1.0, -2.0};
            double[] mm = new double[2];
            double[] vv = new double[2];
            for (int t = 1; t <= 3; t++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.mul(w).mul(w).sum());
                }
                adam.update("w", w, w.getGradient());
                // torch.optim.Adam by hand: g = 3 x^2 + wd x
                for (int i = 0; i < 2; i++) {
                    double g = 3 * x[i] * x[i] + 0.01f * x[i];
                    mm[i] = 0.9f * mm[i] + (1 - 0.9f) * g;
                    vv[i] = 0.999f * vv[i] + (1 - 0.999f) * g * g;
                    double denom = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(0.999f, t)) + 1e-8f;
                    x[i] -= 0.1f / (1 - Math.pow(0.9f, t)) * mm[i] / denom;
                }
                assertArrayEquals(x, w.toType(DataType.FLOAT64, false).toDoubleArray(), 1e-6);
                assertEquals(0, w.getGradient().abs().sum().getDouble(), 0);
            }
        }
    }
}
