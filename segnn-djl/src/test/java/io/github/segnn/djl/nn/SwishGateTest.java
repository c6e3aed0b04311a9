package io.github.segnn.djl.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import org.junit.jupiter.api.Test;

class SwishGateTest {

    @Test
    void matchesE3nnGateExample() {
        JsonObject ref = TestSupport.reference("activation_constants.json").getAsJsonObject("gate_example");
        try (NDManager m = TestSupport.manager()) {
            SwishGate gate = new SwishGate(2, Irreps.parse("1x1o"));
            NDArray x = TestSupport.array(m, ref.get("input"), DataType.FLOAT64, 4, 6);
            NDArray want = TestSupport.array(m, ref.get("output"), DataType.FLOAT64, 4, 5);
            double err = TestSupport.relativeError(gate.apply(x), want);
            assertTrue(err < 1e-14, "error " + err);
        }
    }

    @Test
    void gateOnBlocksEqualsGateOnTheirConcatenationWithGradients() {
        SwishGate gate = new SwishGate(3, Irreps.parse("2x1o+1x2e+1x0o"));
        long[][] cuts = {{7, 6, 5, 1}, {4, 3, 6, 6}, {19}};
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 11, DataType.FLOAT64, 5, 19);
            NDArray want = null;
            NDArray wantGrad = null;
            for (long[] cut : cuts) {
                NDArray xv = x.duplicate();
                xv.setRequiresGradient(true);
                NDArray y;
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    y = gate.applyBlocks(io.github.segnn.djl.ops.Partition.bySizes(xv, 1, cut));
                    gc.backward(y.mul(y).sum());
                }
                NDArray ref = gate.apply(x);
                assertTrue(TestSupport.relativeError(y, ref) < 1e-14, "forward, cut " + java.util.Arrays.toString(cut));
                if (want == null) {
                    want = ref;
                    wantGrad = xv.getGradient().duplicate();
                } else {
                    assertTrue(TestSupport.relativeError(xv.getGradient(), wantGrad) < 1e-13,
                            "gradient, cut " + java.util.Arrays.toString(cut));
                }
            }
        }
    }

    @Test
    void gatedTensorProductIsEquivariant() {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = TestSupport.manager()) {
                Irreps in1 = Irreps.parse("3x0e+2x1o+1x2e");
                Irreps in2 = Irreps.parse("1x0e+1x1o");
                O3SwishGateTensorProduct g = O3SwishGateTensorProduct.builder().setIrrepsIn1(in1).optIrrepsIn2(in2)
                        .setIrrepsOut(Irreps.parse("4x0e+2x1o+2x2e")).build();
                NDList in = new NDList(TestSupport.randn(m, 5, dt, 8, in1.dim()), TestSupport.randn(m, 6, dt, 8, in2.dim()));
                g.initialize(m, dt, in.getShapes());
                EquivarianceChecker.builder().build().check(g, in)
                        .assertBelow(dt == DataType.FLOAT32 ? TestSupport.TOL32 : TestSupport.TOL64);
            }
        }
    }

    @Test
    void scalarOnlyOutputIsPlainSilu() {
        try (NDManager m = TestSupport.manager()) {
            O3SwishGateTensorProduct g = O3SwishGateTensorProduct.builder().setIrrepsIn1(Irreps.parse("3x0e"))
                    .setIrrepsOut(Irreps.parse("3x0e")).build();
            NDArray x = TestSupport.randn(m, 7, DataType.FLOAT64, 5, 3);
            g.initialize(m, DataType.FLOAT64, x.getShape());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray pre = g.getTensorProduct().forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray y = g.forward(ps, new NDList(x), false).singletonOrThrow();
            assertTrue(TestSupport.relativeError(y, SwishGate.silu(pre)) < 1e-15);
        }
    }
}
