// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import org.junit.jupiter.api.Test;

/** Autograd of the whole model against central finite differences in float64. */
class SegnnGradientTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        Irreps attr = Irreps.parse("1x0e+1x1o");
        Irreps in = Irreps.parse("2x1o+1x0e");
        try (NDManager m = TestSupport.manager()) {
            Segnn model = Segnn.builder().setInputIrreps(in).setHiddenIrreps(Irreps.parse("4x0e+2x1o"))
                    .setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(attr).setEdgeAttrIrreps(attr)
                    .optEdgeScalars(2).optNumLayers(2).build();
            NDList x = GraphFixtures.fullyConnected(m, DataType.FLOAT64, in, attr, 2, 3, 4);
            model.initialize(m, DataType.FLOAT64, x.getShapes());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray target = TestSupport.randn(m, 99, DataType.FLOAT64, 7, 3);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.forward(ps, x, true).singletonOrThrow().sub(target).square().mean();
                gc.backward(loss);
            }
            double worst = 0;
            int checked = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                NDArray w = p.getValue().getArray();
                double[] g = w.getGradient().toDoubleArray();
                for (int i = 0; i < w.size(); i += Math.max(1, (int) w.size() / 2)) {
                    double h = 1e-6;
                    double[] v = w.toDoubleArray();
                    double orig = v[i];
                    v[i] = orig + h;
                    w.set(java.nio.DoubleBuffer.wrap(v));
                    double up = model.forward(ps, x, false).singletonOrThrow().sub(target).square().mean().getDouble();
                    v[i] = orig - h;
                    w.set(java.nio.DoubleBuffer.wrap(v));
                    double down = model.forward(ps, x, false).singletonOrThrow().sub(target).square().mean().getDouble();
                    v[i] = orig;
                    w.set(java.nio.DoubleBuffer.wrap(v));
                    double fd = (up - down) / (2 * h);
                    // relative error with a floor: central differences carry O(h^2) truncation and rounding noise
                    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1e-3, Math.abs(fd)));
                    checked++;
                }
            }
            assertTrue(checked > 15);
            assertTrue(worst < 1e-5, "worst relative gradient error " + worst);
        }
    }
}
