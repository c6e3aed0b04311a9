// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.github.segnn.djl.TestSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RowsTest {

    @Test
    void gathersRowsLikeIndexingAndAccumulatesGradientsOfRepeatedRows() {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 1, DataType.FLOAT64, 4, 3);
            for (DataType it : new DataType[] {DataType.INT64, DataType.INT32}) {
                NDArray index = m.create(new long[] {2, 0, 2, 3, 2}).toType(it, false);
                NDArray weights = TestSupport.randn(m, 2, DataType.FLOAT64, 5, 3);
                double[][][] r = twoPasses(x, weights, xv -> Rows.gather(xv, index),
                        xv -> xv.get(index.toType(DataType.INT64, false)));
                double[][] values = r[0];
                double[][] grads = r[1];
                assertArrayEquals(values[1], values[0], 0.0, it.toString());
                assertArrayEquals(grads[1], grads[0], 1e-15, it.toString());
                // row 2 is taken three times: its gradient is the sum of three weight rows
                double[] w = weights.toDoubleArray();
                assertEquals(w[0] + w[6] + w[12], grads[0][6], 1e-15);
                assertEquals(0.0, grads[0][3], 0.0, "row 1 is never taken");
            }
        }
    }

    @Test
    void gathersFromVectors() {
        try (NDManager m = TestSupport.manager()) {
            NDArray v = m.create(new double[] {10, 20, 30});
            assertArrayEquals(new double[] {30, 10, 30}, Rows.gather(v, m.create(new long[] {2, 0, 2})).toDoubleArray(),
                    0.0);
        }
    }

    /**
     * Two computations of {@code y(x)} on fresh copies of {@code x} that record gradients, with the loss
     * {@code sum(y * weights)}: {@code {values, gradients}}, each {@code [pass][flat]}.
     */
    private static double[][][] twoPasses(NDArray x, NDArray weights, UnaryOperator<NDArray> first,
            UnaryOperator<NDArray> second) {
        double[][][] r = new double[2][2][];
        for (int pass = 0; pass < 2; pass++) {
            NDArray xv = x.duplicate();
            xv.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = (pass == 0 ? first : second).apply(xv);
                r[0][pass] = y.toDoubleArray();
                gc.backward(y.mul(weights).sum());
            }
            r[1][pass] = xv.getGradient().toDoubleArray();
        }
        return r;
    }
}
