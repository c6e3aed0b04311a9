// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.github.segnn.djl.TestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.DoubleBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link WeightAverageListener}: the averages of PyTorch's {@code AveragedModel} with an EMA function
 * (first update copies, then {@code avg += (1 - d)(w - avg)}) and with its default equal average
 * (SWA), swapped into the model and back exactly, saved and restored.
 */
class WeightAverageListenerTest {

    @Test
    void averagesLikeAveragedModelAndSwapsExactly() throws IOException {
        try (NDManager m = TestSupport.manager()) {
            Block block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(m, DataType.FLOAT64, new Shape(1, 2));
            NDArray w = block.getParameters().get("weight").getArray();
            WeightAverageListener ema = WeightAverageListener.exponential(0.75f);
            double[][] steps = {{1, -2}, {3, 0}, {-1, 4}};
            double[] avg = null;
            for (double[] s : steps) {
                w.set(DoubleBuffer.wrap(s));
                ema.fold(block);
                if (avg == null) {
                    avg = s.clone();
                } else {
                    for (int i = 0; i < 2; i++) {
                        avg[i] += (1 - 0.75) * (s[i] - avg[i]);
                    }
                }
            }
            assertEquals(3, ema.folds());
            // {1,-2} -> {1.5,-1.5} -> {0.875,-0.125}
            assertArrayEquals(new double[] {0.875, -0.125}, avg, 0);
            try (WeightAverageListener.Swap swap = ema.averagedWeights(block)) {
                assertArrayEquals(avg, w.toDoubleArray(), 1e-15, "the average is in the model");
            }
            assertArrayEquals(new double[] {-1, 4}, w.toDoubleArray(), 0, "the raw weights are back");

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ema.save(block, new DataOutputStream(bytes));
            WeightAverageListener restored = WeightAverageListener.exponential(0.75f);
            restored.load(block, m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(3, restored.folds());
            w.set(DoubleBuffer.wrap(new double[] {2, 2}));
            ema.fold(block);
            restored.fold(block);
            try (WeightAverageListener.Swap swap = restored.averagedWeights(block)) {
                double[] r = w.toDoubleArray();
                try (WeightAverageListener.Swap inner = ema.averagedWeights(block)) {
                    assertArrayEquals(w.toDoubleArray(), r, 0, "a restored average goes on as the original");
                }
            }
        }
    }

    @Test
    void warmUpLetsTheAverageForgetTheFirstWeightsEarly() {
        try (NDManager m = TestSupport.manager()) {
            Block block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(m, DataType.FLOAT64, new Shape(1, 2));
            NDArray w = block.getParameters().get("weight").getArray();
            WeightAverageListener ema = WeightAverageListener.exponentialWithWarmup(0.999f);
            double[][] steps = {{1, -2}, {3, 0}, {-1, 4}};
            for (double[] s : steps) {
                w.set(DoubleBuffer.wrap(s));
                ema.fold(block);
            }
            // decays min(0.999, 2/11) and min(0.999, 3/12): {1,-2} -> {2.636..,-0.363..} -> {-0.0909..,2.9090..}
            double[] avg = {1, -2};
            double[] decays = {2.0 / 11, 3.0 / 12};
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < 2; i++) {
                    avg[i] += (1 - decays[k]) * (steps[k + 1][i] - avg[i]);
                }
            }
            try (WeightAverageListener.Swap swap = ema.averagedWeights(block)) {
                assertArrayEquals(avg, w.toDoubleArray(), 1e-12);
            }
            assertArrayEquals(new double[] {-1 / 11.0, 32 / 11.0}, avg, 1e-12);
        }
    }

    @Test
    void stochasticWeightAveragingIsTheEqualAverageOfTheEpochsFromItsStart() {
        try (NDManager m = TestSupport.manager()) {
            Block block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(m, DataType.FLOAT64, new Shape(1, 2));
            NDArray w = block.getParameters().get("weight").getArray();
            WeightAverageListener swa = WeightAverageListener.stochastic(2);
            ai.djl.Model model = ai.djl.Model.newInstance("swa");
            model.setBlock(block);
            ai.djl.training.Trainer trainer = model.newTrainer(new ai.djl.training.DefaultTrainingConfig(
                    ai.djl.training.loss.Loss.l2Loss()));
            double[][] epochEnds = {{9, 9}, {1, -2}, {3, 0}, {-1, 4}};
            for (double[] e : epochEnds) {
                w.set(DoubleBuffer.wrap(e));
                swa.onEpoch(trainer);
            }
            assertEquals(3, swa.folds(), "epoch 1 is before the start");
            try (WeightAverageListener.Swap swap = swa.averagedWeights(block)) {
                assertArrayEquals(new double[] {1, 2.0 / 3}, w.toDoubleArray(), 1e-15);
            }
            trainer.close();
            model.close();
        }
    }

    @Test
    void rejectsADecayOutsideTheUnitIntervalAndAStartBeforeEpochOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightAverageListener.exponential(1f));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightAverageListener.stochastic(0));
    }

    @Test
    void refusesAnAverageOfAnotherModel() throws IOException {
        try (NDManager m = TestSupport.manager()) {
            Block small = Linear.builder().setUnits(1).optBias(false).build();
            small.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            Block big = Linear.builder().setUnits(3).optBias(false).build();
            big.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            WeightAverageListener ema = WeightAverageListener.exponential(0.5f);
            ema.fold(small);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ema.save(small, new DataOutputStream(bytes));
            IOException e = assertThrows(IOException.class, () -> WeightAverageListener.exponential(0.5f).load(big, m,
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertTrue(e.getMessage().contains("has shape"), e.getMessage());
        }
    }
}
