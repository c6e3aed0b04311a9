// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import io.github.segnn.djl.TestSupport;
import java.nio.DoubleBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link ResumableAdam}'s decoupled weight decay and clipping by global norm against {@code
 * torch.optim.AdamW} / {@code torch.optim.Adam} and {@code torch.nn.utils.clip_grad_norm_}: three
 * steps of lr 0.1, weight decay 0.2 on a 2x3 weight and a 2-vector with fixed gradients, in float64.
 * The expected values were computed with PyTorch 2.3.1 (script in the test's comment).
 */
class AdamWAndClippingTest {

    // p = [[0.5, -1, 2], [0.25, 3, -0.75]], q = [1.5, -0.5]; opt = AdamW|Adam([p, q], lr=0.1,
    // weight_decay=0.2); per step: set the gradients below, optionally clip_grad_norm_([p, q], c), step
    private static final double[][][] GRAD_W = {
        {{0.3, -0.2, 0.1}, {1.0, -2.0, 0.5}}, {{-0.1, 0.5, 0.2}, {0.3, 0.3, -1.5}}, {{2.0, 0.0, -0.4}, {0.1, -0.1, 0.9}}};
    private static final double[][] GRAD_B = {{0.4, 0.7}, {-0.6, 0.2}, {0.05, -0.3}};

    private static final double[] ADAMW_W = {0.2674085429229934, -0.9226724664735856, 1.711135621823284,
        -0.016540678238413868, 3.0195222795356402, -0.7519226814534943};
    private static final double[] ADAMW_B = {1.3547026361909005, -0.6861108797754235};
    private static final double[] ADAMW_CLIP1_W = {0.2790502145534786, -0.9380237512453443, 1.7082353679878481,
        -0.025407738153248705, 3.0113342313549794, -0.7330681416799341};
    private static final double[] ADAMW_CLIP1_B = {1.3787501363650028, -0.6927339740659044};
    private static final double[] ADAM_CLIP05_W = {0.2316555817964711, -0.7363302742728275, 1.7032011126496593,
        -0.019862413853031557, 2.7156200586867265, -0.5186968874910669};
    private static final double[] ADAM_CLIP05_B = {1.2245220875759477, -0.5090491944684405};

    @Test
    void decoupledWeightDecayMatchesTorchAdamW() {
        assertSteps(ResumableAdam.builder().optDecoupledWeightDecay(true), ADAMW_W, ADAMW_B, true);
        assertSteps(ResumableAdam.builder().optDecoupledWeightDecay(true), ADAMW_W, ADAMW_B, false);
    }

    @Test
    void clippingByGlobalNormMatchesTorch() {
        assertSteps(ResumableAdam.builder().optDecoupledWeightDecay(true).optClipGradNorm(1f), ADAMW_CLIP1_W,
                ADAMW_CLIP1_B, true);
        assertSteps(ResumableAdam.builder().optClipGradNorm(0.5f), ADAM_CLIP05_W, ADAM_CLIP05_B, true);
    }

    @Test
    void clippingNeedsEveryGradientAtOnce() {
        ResumableAdam adam = ResumableAdam.builder().optClipGradNorm(1f).build();
        try (NDManager m = TestSupport.manager()) {
            NDArray w = m.create(new double[] {1, 2});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> adam.update("w", w, w));
            assertTrue(e.getMessage().contains("updateAll"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResumableAdam.builder().optClipGradNorm(-1f).build());
        assertTrue(e.getMessage().contains("clipping norm must be >= 0"), e.getMessage());
    }

    /** Three steps through {@code updateAll} (all parameters joined) or {@code update} per parameter. */
    private static void assertSteps(ResumableAdam.Builder builder, double[] expectW, double[] expectB,
            boolean joined) {
        ResumableAdam adam = builder.optLearningRateTracker(Tracker.fixed(0.1f)).optWeightDecays(0.2f).build();
        try (NDManager m = TestSupport.manager()) {
            Block block = Linear.builder().setUnits(2).build();
            block.initialize(m, DataType.FLOAT64, new Shape(1, 3));
            NDArray w = block.getParameters().get("weight").getArray();
            NDArray b = block.getParameters().get("bias").getArray();
            w.set(DoubleBuffer.wrap(new double[] {0.5, -1.0, 2.0, 0.25, 3.0, -0.75}));
            b.set(DoubleBuffer.wrap(new double[] {1.5, -0.5}));
            for (int step = 0; step < 3; step++) {
                NDArray gw = m.create(GRAD_W[step]);
                NDArray gb = m.create(GRAD_B[step]);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.mul(gw).sum().add(b.mul(gb).sum()));
                }
                if (joined) {
                    adam.updateAll(block);
                } else {
                    adam.update("weight", w, w.getGradient());
                    adam.update("bias", b, b.getGradient());
                }
            }
            // the learning rate and decay are float32 in DJL's Tracker and Optimizer, PyTorch's float64
            assertArrayEquals(expectW, w.toDoubleArray(), 2e-7, "weight");
            assertArrayEquals(expectB, b.toDoubleArray(), 2e-7, "bias");
        }
    }
}
