// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.segnn.djl.TestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void updatingAllParametersAtOnceMatchesUpdatingEachAndResumes() throws IOException {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 3, DataType.FLOAT32, 16, 5);
            Block each = mlp(m, x);
            Block all = mlp(m, x);
            ResumableAdam a = adam();
            ResumableAdam b = adam();
            for (int step = 0; step < 4; step++) {
                backward(m, each, x);
                for (Pair<String, Parameter> p : each.getParameters()) {
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        a.update(p.getValue().getId(), p.getValue().getArray(), g);
                    }
                }
                backward(m, all, x);
                b.updateAll(all);
                if (step == 1) {
                    // save and restore the joined state halfway: the run goes on as if uninterrupted
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    b.save(all, new DataOutputStream(bytes));
                    b = adam();
                    b.load(all, m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                }
                List<double[]> pa = arrays(each);
                List<double[]> pb = arrays(all);
                for (int i = 0; i < pa.size(); i++) {
                    assertArrayEquals(pa.get(i), pb.get(i), 1e-6, "step " + step + ", parameter " + i);
                }
                for (Pair<String, Parameter> p : all.getParameters()) {
                    assertEquals(0, p.getValue().getArray().getGradient().abs().sum().getFloat(), 0);
                }
            }
        }
    }

    @Test
    void updatesABlockWithOneParameter() {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 4, DataType.FLOAT32, 6, 5);
            Engine.getInstance().setRandomSeed(3);
            Block one = Linear.builder().setUnits(2).optBias(false).build();
            one.initialize(m, DataType.FLOAT32, x.getShape());
            double[] before = arrays(one).get(0);
            backward(m, one, x);
            adam().updateAll(one);
            double[] after = arrays(one).get(0);
            for (int i = 0; i < before.length; i++) {
                // Adam's first step moves every weight by about the learning rate
                assertEquals(0.05, Math.abs(after[i] - before[i]), 1e-3, "weight " + i);
            }
        }
    }

    private static ResumableAdam adam() {
        return ResumableAdam.builder().optLearningRateTracker(Tracker.fixed(0.05f)).optWeightDecays(0.01f).build();
    }

    /** A small two-layer block with the same initial weights each time (seeded). */
    private static Block mlp(NDManager m, NDArray x) {
        Engine.getInstance().setRandomSeed(11);
        SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(7).build())
                .add(Linear.builder().setUnits(3).build());
        block.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
        block.initialize(m, DataType.FLOAT32, x.getShape());
        return block;
    }

    private static void backward(NDManager m, Block block, NDArray x) {
        try (NDManager sub = m.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray xs = x.duplicate();
            xs.attach(sub);
            NDArray y = block.forward(new ParameterStore(sub, false), new NDList(xs), true).head();
            gc.backward(y.square().sum());
        }
    }

    private static List<double[]> arrays(Block block) {
        List<double[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toType(DataType.FLOAT64, false).toDoubleArray());
        }
        return out;
    }
}
