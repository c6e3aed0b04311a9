// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.github.segnn.core.so3.SphericalHarmonics.Normalization;
import io.github.segnn.core.so3.SphericalHarmonics;
import io.github.segnn.djl.TestSupport;
import java.nio.DoubleBuffer;
import org.junit.jupiter.api.Test;

class SphericalHarmonicsEmbeddingTest {

    @Test
    void agreesWithCoreForAllNormalizationsUpToL5() {
        try (NDManager m = TestSupport.manager()) {
            NDArray v = TestSupport.randn(m, 9, DataType.FLOAT64, 6, 3);
            double[] raw = v.toDoubleArray();
            for (boolean normalize : new boolean[] {true, false}) {
                for (Normalization n : Normalization.values()) {
                    double[] got = SphericalHarmonicsEmbedding.compute(v, 5, normalize, n).toDoubleArray();
                    for (int r = 0; r < 6; r++) {
                        double[] want = SphericalHarmonics.compute(5, new double[] {raw[3 * r], raw[3 * r + 1], raw[3 * r + 2]},
                                normalize, n);
                        for (int k = 0; k < 36; k++) {
                            assertEquals(want[k], got[r * 36 + k], 1e-12);
                        }
                    }
                }
            }
        }
    }

    @Test
    void zeroVectorHasZeroValueAndFiniteZeroGradient() {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = TestSupport.manager()) {
                NDArray v = m.create(DoubleBuffer.wrap(new double[] {0, 0, 0, 0.3, -0.4, 1.2}),
                        new ai.djl.ndarray.types.Shape(2, 3)).toType(dt, false);
                v.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = SphericalHarmonicsEmbedding.compute(v, 3, true, Normalization.INTEGRAL);
                    double[] vals = y.toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int k = 1; k < 16; k++) {
                        assertEquals(0, vals[k]);
                    }
                    gc.backward(y.sum());
                }
                double[] g = v.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                for (int k = 0; k < 3; k++) {
                    assertEquals(0, g[k]);
                }
                for (double x : g) {
                    assertTrue(Double.isFinite(x));
                }
            }
        }
    }
}
