// SPDX-License-Identifier: Apache-2.0
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
import io.github.segnn.djl.internal.Features;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.internal.Partition;
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
                    y = gate.applyBlocks(io.github.segnn.djl.internal.Partition.bySizes(xv, 1, cut));
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
    void gateOnIrMulBlocksEqualsTheE3nnLayoutAfterRelayout() {
        SwishGate gate = new SwishGate(3, Irreps.parse("2x1o+1x2e+1x0o"));
        Irreps gated = Irreps.parse("2x1o+1x2e+1x0o");
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 12, DataType.FLOAT64, 5, 19);
            NDList blocks = Partition.bySizes(x, 1, 7, 6, 5, 1);
            NDList irMul = new NDList(blocks.get(0));
            for (int c = 0; c < gated.size(); c++) {
                irMul.add(Layout.MUL_IR.convert(blocks.get(1 + c), gated.get(c).mul(), gated.get(c).irrep().dim(),
                        Layout.IR_MUL));
            }
            NDList out = gate.relayout(gate.piecesOf(irMul, Layout.IR_MUL), Layout.IR_MUL, Layout.MUL_IR);
            double err = TestSupport.relativeError(Partition.join(out, 1), gate.apply(x));
            assertTrue(err < 1e-15, "error " + err);
            // a block cut into pieces cannot be gated in IR_MUL
            NDList cut = new NDList(blocks.get(0), irMul.get(1).get(":, :3"), irMul.get(1).get(":, 3:"), irMul.get(2),
                    irMul.get(3));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> gate.piecesOf(cut, Layout.IR_MUL));
        }
    }

    @Test
    void gatedProductGivesTheSameOutputInEitherLayoutAlsoWhenItsIrrepsMergeBlocks() {
        // "2x1o+1x1o" is one block for the product (its output irreps are simplified), two for the gate
        for (String out : new String[] {"3x0e+2x1o+1x2e", "3x0e+2x1o+1x1o"}) {
            try (NDManager m = TestSupport.manager()) {
                Irreps in1 = Irreps.parse("2x0e+1x1o+1x2e");
                Irreps in2 = Irreps.parse("1x0e+1x1o");
                O3SwishGateTensorProduct g = O3SwishGateTensorProduct.builder().setIrrepsIn1(in1).optIrrepsIn2(in2)
                        .setIrrepsOut(Irreps.parse(out)).build();
                NDArray x1 = TestSupport.randn(m, 7, DataType.FLOAT64, 6, in1.dim());
                NDArray x2 = TestSupport.randn(m, 8, DataType.FLOAT64, 6, in2.dim());
                g.initialize(m, DataType.FLOAT64, new NDList(x1, x2).getShapes());
                ParameterStore ps = new ParameterStore(m, false);
                NDArray want = g.forward(ps, new NDList(x1, x2), false).singletonOrThrow();
                NDArray irMul = g.apply(ps, Features.of(x1), x2, false, Layout.IR_MUL).join();
                double err = TestSupport.relativeError(Layout.IR_MUL.convert(irMul, g.getIrrepsOut(), Layout.MUL_IR), want);
                assertTrue(err < 1e-14, out + ": error " + err);
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
