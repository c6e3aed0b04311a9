// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class O3TensorProductTest {

    private static final Irreps IN1 = Irreps.parse("4x0e+3x1o+2x2e+1x1e+1x0o");
    private static final Irreps IN2 = Irreps.parse("1x0e+1x1o+1x2e");
    private static final Irreps OUT = Irreps.parse("5x0e+3x1o+2x2e+2x1e+1x0o+1x3o");

    @Test
    void equivariantInFloat32AndFloat64() {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = TestSupport.manager()) {
                O3TensorProduct tp = O3TensorProduct.builder().setIrrepsIn1(IN1).optIrrepsIn2(IN2).setIrrepsOut(OUT).build();
                NDList in = new NDList(TestSupport.randn(m, 1, dt, 9, IN1.dim()), TestSupport.randn(m, 2, dt, 9, IN2.dim()));
                tp.initialize(m, dt, in.getShapes());
                EquivarianceChecker.builder().build().check(tp, in)
                        .assertBelow(dt == DataType.FLOAT32 ? TestSupport.TOL32 : TestSupport.TOL64);
                O3TensorProduct lin = O3TensorProduct.builder().setIrrepsIn1(IN1).setIrrepsOut(Irreps.parse("3x0e+2x1o"))
                        .build();
                lin.initialize(m, dt, in.get(0).getShape());
                EquivarianceChecker.builder().build().check(lin, new NDList(in.get(0)))
                        .assertBelow(dt == DataType.FLOAT32 ? TestSupport.TOL32 : TestSupport.TOL64);
            }
        }
    }

    @Test
    void trainingStepsLeaveNothingInTheParametersManager() {
        // one bias block (passed whole to the kernel) and two (cut by a split)
        for (String out : new String[] {"5x0e+3x1o", "2x0e+3x1o+3x0e"}) {
            try (NDManager m = TestSupport.manager()) {
                O3TensorProduct tp = O3TensorProduct.builder().setIrrepsIn1(IN1).optIrrepsIn2(IN2)
                        .setIrrepsOut(Irreps.parse(out)).build();
                tp.initialize(m, DataType.FLOAT32, new Shape(6, IN1.dim()), new Shape(6, IN2.dim()));
                int before = -1;
                for (int step = 0; step < 3; step++) {
                    try (NDManager batch = m.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x1 = TestSupport.randn(batch, 1, DataType.FLOAT32, 6, IN1.dim());
                        NDArray x2 = TestSupport.randn(batch, 2, DataType.FLOAT32, 6, IN2.dim());
                        NDArray y = tp.forward(new ParameterStore(batch, false), new NDList(x1, x2), true).head();
                        gc.backward(y.square().sum());
                    }
                    int now = m.getManagedArrays().size();
                    if (step == 0) {
                        before = now;
                    }
                    assertEquals(before, now, out + ": arrays left in the parameters' manager after step " + step);
                }
            }
        }
    }

    @Test
    void initializationFollowsSegnnBoundsAndParameterCount() {
        try (NDManager m = TestSupport.manager()) {
            O3TensorProduct tp = O3TensorProduct.builder().setIrrepsIn1(Irreps.parse("32x0e+32x1o+32x0e+32x1o+2x0e"))
                    .optIrrepsIn2(Irreps.parse("1x0e+1x1o")).setIrrepsOut(Irreps.parse("64x0e+32x1o")).build();
            tp.initialize(m, DataType.FLOAT64, new Shape(3, 258), new Shape(3, 4));
            assertEquals(12480, tp.getWeight().getArray().size());
            assertEquals(64, tp.getBias().getArray().size());
            double bound = 1 / Math.sqrt(130);
            double max = tp.getWeight().getArray().abs().max().getDouble();
            assertTrue(max <= bound && max > 0.9 * bound, "max |w| = " + max);
            assertTrue(tp.getBias().getArray().abs().max().getDouble() <= bound);
        }
    }

    @Test
    void saveLoadRoundTrip() throws Exception {
        try (NDManager m = TestSupport.manager()) {
            O3TensorProduct a = O3TensorProduct.builder().setIrrepsIn1(IN1).optIrrepsIn2(IN2).setIrrepsOut(OUT).build();
            NDList in = new NDList(TestSupport.randn(m, 1, DataType.FLOAT32, 4, IN1.dim()),
                    TestSupport.randn(m, 2, DataType.FLOAT32, 4, IN2.dim()));
            a.initialize(m, DataType.FLOAT32, in.getShapes());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            O3TensorProduct b = O3TensorProduct.builder().setIrrepsIn1(IN1).optIrrepsIn2(IN2).setIrrepsOut(OUT).build();
            b.initialize(m, DataType.FLOAT32, in.getShapes());
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ya = a.forward(ps, in, false).singletonOrThrow();
            NDArray yb = b.forward(ps, in, false).singletonOrThrow();
            assertEquals(0, TestSupport.relativeError(yb, ya), 0);
        }
    }

    @Test
    void badInputsNameTheBlock() {
        try (NDManager m = TestSupport.manager()) {
            O3TensorProduct tp = O3TensorProduct.builder().setIrrepsIn1(IN1).optIrrepsIn2(IN2).setIrrepsOut(OUT).build();
            NDList ok = new NDList(TestSupport.randn(m, 1, DataType.FLOAT32, 4, IN1.dim()),
                    TestSupport.randn(m, 2, DataType.FLOAT32, 4, IN2.dim()));
            tp.initialize(m, DataType.FLOAT32, ok.getShapes());
            ParameterStore ps = new ParameterStore(m, false);
            IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> tp.forward(ps,
                    new NDList(TestSupport.randn(m, 1, DataType.FLOAT32, 4, 7), ok.get(1)), false));
            assertTrue(wide.getMessage().contains("O3TensorProduct") && wide.getMessage().contains("width 7"),
                    wide.getMessage());
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> tp.forward(ps,
                    new NDList(ok.get(0), TestSupport.randn(m, 2, DataType.FLOAT32, 3, IN2.dim())), false));
            assertTrue(rows.getMessage().contains("rows"), rows.getMessage());
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> tp.forward(ps,
                    new NDList(ok.get(0).reshape(2, 2, IN1.dim()), ok.get(1)), false));
            assertTrue(rank.getMessage().contains("rank 2"), rank.getMessage());
            IllegalArgumentException unreachable = assertThrows(IllegalArgumentException.class, () -> O3TensorProduct
                    .builder().setIrrepsIn1(Irreps.parse("2x0e")).setIrrepsOut(Irreps.parse("1x1o")).build());
            assertTrue(unreachable.getMessage().contains("1x1o"), unreachable.getMessage());
        }
    }
}
