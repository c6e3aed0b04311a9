// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.tp.TensorProductPlan;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.ops.PathNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TensorProductKernelTest {

    @Test
    void reproducesE3nnFullyConnectedTensorProduct() {
        JsonObject ref = TestSupport.reference("tensor_product.json");
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse("4x0e+2x1o"), Irreps.parse("1x0e+1x1o"),
                Irreps.parse("3x0e+2x1o+1x2e"));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.E3NN);
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            try (NDManager m = TestSupport.manager()) {
                NDArray w = TestSupport.array(m, ref.get("weights"), dt, 32);
                NDArray x1 = TestSupport.array(m, ref.get("inputs_x1"), dt, 5, 10);
                NDArray x2 = TestSupport.array(m, ref.get("inputs_x2"), dt, 5, 4);
                NDArray want = TestSupport.array(m, ref.get(dt == DataType.FLOAT64 ? "outputs" : "outputs_float32_module"),
                        DataType.FLOAT64, 5, 14);
                double err = TestSupport.relativeError(k.forward(x1, x2, w, null), want);
                assertTrue(err < (dt == DataType.FLOAT64 ? 1e-13 : 1e-6), dt + " error " + err);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "32x0e+32x1o+32x0e+32x1o+2x0e, 1x0e+1x1o, 64x0e+32x1o",
        "36x0e+36x1o+36x2e, 1x0e+1x1o+1x2e+1x3o, 108x0e+36x1o+36x2e",
        "3x0e+2x1o+1x1e+2x2e+1x0o, 2x0e+1x1o+1x2o, 4x0e+3x1o+2x1e+2x2e+1x0o+1x3o",
    })
    void fusedKernelAgreesWithPathwiseOracleIncludingGradients(String a, String b, String c) {
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse(a), Irreps.parse(b), Irreps.parse(c));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dt == DataType.FLOAT64 ? 1e-12 : 1e-6;
            try (NDManager m = TestSupport.manager()) {
                NDArray x1 = TestSupport.randn(m, 1, dt, 7, plan.in1().dim());
                NDArray x2 = TestSupport.randn(m, 2, dt, 7, plan.in2().dim());
                NDArray w = TestSupport.randn(m, 3, dt, plan.weightNumel());
                NDArray bias = TestSupport.randn(m, 4, dt, k.biasLength());
                NDArray[][] r = twoPasses(x1, x2, w, (xv, x2v, wv) -> k.forward(xv, x2v, wv, bias),
                        (xv, x2v, wv) -> PathwiseTensorProduct.forward(plan, PathNormalization.SEGNN, xv, x2v, wv, bias));
                NDArray[] outs = r[0];
                NDArray[] grads = r[1];
                double err = TestSupport.relativeError(outs[0], outs[1]);
                assertTrue(err < tol, dt + " forward error " + err);
                double gerr = TestSupport.relativeError(grads[0], grads[1]);
                assertTrue(gerr < tol * 10, dt + " gradient error " + gerr);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // SEGNN's message input [h_i | h_j | e_ij]: pieces aligned with blocks, groups not adjacent
        "32x0e+32x1o+32x0e+32x1o+2x0e, 1x0e+1x1o, 64x0e+32x1o, 128 128 2",
        // pieces that cut through blocks and a block spread over two pieces
        "3x0e+2x1o+1x1e+2x2e+1x0o, 2x0e+1x1o+1x2o, 4x0e+3x1o+2x1e+2x2e+1x0o+1x3o, 2 5 1 15",
        "3x0e+2x1o+3x0e, 1x0e+1x1o, 2x0e+1x1o, 12",
    })
    void columnPiecesGiveTheSameProductAndGradientsAsTheirConcatenation(String a, String b, String c, String widths) {
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse(a), Irreps.parse(b), Irreps.parse(c));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        long[] sizes = java.util.Arrays.stream(widths.split(" ")).mapToLong(Long::parseLong).toArray();
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dt == DataType.FLOAT64 ? 1e-12 : 1e-6;
            try (NDManager m = TestSupport.manager()) {
                NDArray x1 = TestSupport.randn(m, 5, dt, 6, plan.in1().dim());
                NDArray x2 = TestSupport.randn(m, 6, dt, 6, plan.in2().dim());
                NDArray w = TestSupport.randn(m, 7, dt, plan.weightNumel());
                NDArray bias = TestSupport.randn(m, 8, dt, k.biasLength());
                NDArray[][] r = twoPasses(x1, x2, w, (xv, x2v, wv) -> k.forward(xv, x2v, wv, bias),
                        (xv, x2v, wv) -> k.forward(Features.pieces(Partition.bySizes(xv, 1, sizes), Layout.MUL_IR), x2v,
                                wv, bias, Layout.MUL_IR).join());
                NDArray[] outs = r[0];
                NDArray[] grads = r[1];
                assertTrue(TestSupport.relativeError(outs[1], outs[0]) < tol, dt + " forward");
                assertTrue(TestSupport.relativeError(grads[1], grads[0]) < tol * 10, dt + " gradient");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // SEGNN's message input, one piece per gate output block; groups of two non-adjacent blocks
        "32x0e+32x1o+32x0e+32x1o+2x0e, 1x0e+1x1o, 64x0e+32x1o, 1 1 1 1 1",
        // several blocks per piece, adjacent same-irrep blocks merged into one group
        "3x0e+2x1o+1x1o+1x1e+2x2e+1x0o, 2x0e+1x1o+1x2o, 4x0e+3x1o+2x1e+2x2e+1x0o+1x3o, 2 1 3",
    })
    void irMulPiecesAndBlocksGiveTheSameProductAndGradientsAsE3nnLayout(String a, String b, String c,
            String blocksPerPiece) {
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse(a), Irreps.parse(b), Irreps.parse(c));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        int[] counts = java.util.Arrays.stream(blocksPerPiece.split(" ")).mapToInt(Integer::parseInt).toArray();
        Irreps in1 = plan.in1();
        long[] blockDims = in1.blocks().stream().mapToLong(x -> x.dim()).toArray();
        assertSameAsForward(k, 9, (xv, x2v, wv, bias) -> {
            NDList blocks = Partition.bySizes(xv, 1, blockDims);
            NDList pieces = new NDList();
            int next = 0;
            for (int n : counts) {
                NDList piece = new NDList();
                for (int i = next; i < next + n; i++) {
                    piece.add(Layout.MUL_IR.convert(blocks.get(i), in1.get(i).mul(), in1.get(i).irrep().dim(),
                            Layout.IR_MUL));
                }
                pieces.add(Partition.join(piece, 1));
                next += n;
            }
            NDList outs = k.forward(Features.pieces(pieces, Layout.IR_MUL), x2v, wv, bias, Layout.IR_MUL).pieces();
            NDList back = new NDList();
            int o = 0;
            for (int ci = 0; ci < plan.out().size(); ci++) {
                if (plan.out().get(ci).mul() > 0 && plan.fanIn(ci) > 0) {
                    back.add(Layout.IR_MUL.convert(outs.get(o++), plan.out().get(ci).mul(),
                            plan.out().get(ci).irrep().dim(), Layout.MUL_IR));
                }
            }
            return Partition.join(back, 1);
        });
    }

    @ParameterizedTest
    @CsvSource({
        // SEGNN's message input: groups [s_i | s_j | e] and [v_i | v_j], as SegnnLayer gathers them
        "32x0e+32x1o+32x0e+32x1o+2x0e, 1x0e+1x1o, 64x0e+32x1o",
        "3x0e+2x1o+1x1o+1x1e+2x2e+1x0o+2x2e, 2x0e+1x1o+1x2o, 4x0e+3x1o+2x1e+2x2e+1x0o+1x3o",
    })
    void groupOperandsGiveTheSameProductAndGradientsAsColumnPieces(String a, String b, String c) {
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse(a), Irreps.parse(b), Irreps.parse(c));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        Irreps in1 = plan.in1();
        long[] blockDims = in1.blocks().stream().mapToLong(x -> x.dim()).toArray();
        assertSameAsForward(k, 19, (xv, x2v, wv, bias) -> {
            NDList blocks = Partition.bySizes(xv, 1, blockDims);
            NDList operands = new NDList();
            int gi = 0;
            for (java.util.List<Integer> group : k.inputGroups()) {
                int d = in1.get(group.get(0)).irrep().dim();
                NDList parts = new NDList();
                for (int bi : group) {
                    NDArray irMul = Layout.MUL_IR.convert(blocks.get(bi), in1.get(bi).mul(), d, Layout.IR_MUL);
                    parts.add(d == 1 ? irMul : irMul.reshape(5, d, in1.get(bi).mul()));
                }
                NDArray op = Partition.join(parts, d == 1 ? 1 : 2);
                // both accepted forms: (B, d, mul) and (B, d * mul)
                operands.add(d > 1 && gi++ % 2 == 0 ? op.reshape(5, op.getShape().size() / 5) : op);
            }
            return Layout.IR_MUL.convert(k.forward(Features.groups(operands), x2v, wv, bias, Layout.IR_MUL).join(),
                    plan.out(), Layout.MUL_IR);
        });
        try (NDManager m = TestSupport.manager()) {
            DataType dt = DataType.FLOAT64;
            NDArray x2 = m.zeros(new Shape(5, plan.in2().dim()), dt);
            NDArray w = m.zeros(new Shape(plan.weightNumel()), dt);
            // a wrong operand names its group and the shapes it takes
            NDList bad = new NDList();
            for (java.util.List<Integer> group : k.inputGroups()) {
                long width = group.stream().mapToLong(bi -> in1.get(bi).dim()).sum();
                bad.add(m.zeros(new Shape(5, bad.isEmpty() ? width + 1 : width), dt));
            }
            String msg = assertThrows(IllegalArgumentException.class,
                    () -> k.forward(Features.groups(bad), x2, w, null, Layout.IR_MUL)).getMessage();
            assertTrue(msg.contains("group 0 (blocks " + k.inputGroups().get(0)), msg);
        }
    }

    @ParameterizedTest
    @CsvSource({
        // SEGNN's N-body message product: [h_i | h_j | 2 edge scalars]
        "32x0e+32x1o, 2, 1x0e+1x1o, 64x0e+32x1o",
        // QM9's, small: l = 2 features, l = 3 attributes, one edge scalar
        "4x0e+4x1o+4x2e, 1, 1x0e+1x1o+1x2e+1x3o, 12x0e+4x1o+4x2e",
        // two copies of 0e in x2: couplings of several copies that do not contract last, no edge scalars
        "2x0e+3x1o, 0, 2x0e+1x1o, 3x0e+2x1o",
    })
    void pairsOfNodesGiveTheSameProductAndGradientsAsGatheredEdges(String hidden, int extra, String b, String c) {
        Irreps h = Irreps.parse(hidden);
        Irreps in1 = h.repeat(2).concat(extra == 0 ? Irreps.empty() : Irreps.parse(extra + "x0e"));
        TensorProductPlan plan = TensorProductPlan.fullyConnected(in1, Irreps.parse(b), Irreps.parse(c));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        long n = 4;
        long[] target = {0, 1, 2, 3, 3, 0};
        long[] source = {1, 0, 3, 3, 2, 2};
        long e = target.length;
        long[] blockDims = h.blocks().stream().mapToLong(x -> x.dim()).toArray();
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dt == DataType.FLOAT64 ? 1e-12 : 1e-6;
            try (NDManager m = TestSupport.manager()) {
                NDArray nodes = TestSupport.randn(m, 31, dt, n, h.dim());
                NDArray x2 = TestSupport.randn(m, 32, dt, e, plan.in2().dim());
                NDArray w = TestSupport.randn(m, 33, dt, plan.weightNumel());
                NDArray bias = TestSupport.randn(m, 34, dt, k.biasLength());
                NDArray scalars = TestSupport.randn(m, 35, dt, e, extra);
                NDArray t = m.create(target);
                NDArray s = m.create(source);
                NDList gathers = new NDList();
                for (int bi = 0; bi < h.size(); bi++) {
                    gathers.add(pairGather(m, target, source, n, h.get(bi).irrep().dim(), dt));
                }
                NDArray[][] r = twoPasses(nodes, x2, w, (xv, x2v, wv) -> {
                    NDList parts = new NDList(Rows.gather(xv, t), Rows.gather(xv, s));
                    if (extra > 0) {
                        parts.add(scalars);
                    }
                    return k.forward(Partition.join(parts, 1), x2v, wv, bias);
                }, (xv, x2v, wv) -> {
                    NDList blocks = Partition.bySizes(xv, 1, blockDims);
                    NDList operands = new NDList();
                    for (int bi = 0; bi < h.size(); bi++) {
                        operands.add(Layout.MUL_IR.convert(blocks.get(bi), h.get(bi).mul(), h.get(bi).irrep().dim(),
                                Layout.IR_MUL));
                    }
                    NDList out = k.forward(Features.pairs(operands, gathers, extra > 0 ? scalars : null), x2v, wv,
                            bias, Layout.IR_MUL).pieces();
                    return Layout.IR_MUL.convert(Partition.join(out, 1), plan.out(), Layout.MUL_IR);
                });
                assertTrue(TestSupport.relativeError(r[0][1], r[0][0]) < tol, dt + " forward");
                assertTrue(TestSupport.relativeError(r[1][1], r[1][0]) < tol * 10, dt + " gradient");
                // a node operand of the wrong width names its group and what it needs
                NDList bad = new NDList();
                for (int bi = 0; bi < h.size(); bi++) {
                    bad.add(m.zeros(new Shape(n, blockDims[bi] + (bi == h.size() - 1 ? 1 : 0)), dt));
                }
                String msg = assertThrows(IllegalArgumentException.class, () -> k.forward(Features.pairs(bad, gathers,
                        extra > 0 ? scalars : null), x2, w, null, Layout.IR_MUL)).getMessage();
                assertTrue(msg.contains("group " + (h.size() - 1) + " (blocks ") && msg.contains("needs a node operand"),
                        msg);
            }
        }
    }

    @Test
    void scalarBlocksMaySpreadOverIrMulPieces() {
        // in1 as simplify makes it of the pieces [2x0e+2x1o+2x0e | 3x0e+2x1e]: their scalars merge
        Irreps[] pieceIrreps = {Irreps.parse("2x0e+2x1o+2x0e"), Irreps.parse("3x0e+2x1e")};
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse("2x0e+2x1o+5x0e+2x1e"),
                Irreps.parse("1x0e+1x1o"), Irreps.parse("3x0e+2x1o+1x1e"));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        try (NDManager m = TestSupport.manager()) {
            DataType dt = DataType.FLOAT64;
            NDArray x1 = TestSupport.randn(m, 31, dt, 4, plan.in1().dim());
            NDArray x2 = TestSupport.randn(m, 32, dt, 4, plan.in2().dim());
            NDArray w = TestSupport.randn(m, 33, dt, plan.weightNumel());
            NDArray[][] r = twoPasses(x1, x2, w, (xv, x2v, wv) -> k.forward(xv, x2v, wv, null), (xv, x2v, wv) -> {
                NDList cut = Partition.bySizes(xv, 1, pieceIrreps[0].dim(), pieceIrreps[1].dim());
                NDList pieces = new NDList(Layout.MUL_IR.convert(cut.get(0), pieceIrreps[0], Layout.IR_MUL),
                        Layout.MUL_IR.convert(cut.get(1), pieceIrreps[1], Layout.IR_MUL));
                return Layout.IR_MUL.convert(k.forward(Features.pieces(pieces, Layout.IR_MUL), x2v, wv, null,
                        Layout.IR_MUL).join(), plan.out(), Layout.MUL_IR);
            });
            assertTrue(TestSupport.relativeError(r[0][1], r[0][0]) < 1e-12, "forward");
            assertTrue(TestSupport.relativeError(r[1][1], r[1][0]) < 1e-11, "gradient");
        }
    }

    @Test
    void irMulPiecesMustHoldWholeBlocks() {
        String msg = rejection("2x0e+2x1o", Layout.IR_MUL, 5, 3);
        assertTrue(msg.contains("whole blocks") && msg.contains("2x1o"), msg);
    }

    @Test
    void piecesThatDoNotCoverTheFirstInputAreRejectedWithTheirWidths() {
        String msg = rejection("2x0e+1x1o", Layout.MUL_IR, 2, 2);
        assertTrue(msg.contains("[2, 2]") && msg.contains("2x0e+1x1o"), msg);
    }

    /** The message of the error that pieces of the given widths of {@code in1 x (1x0e+1x1o)} raise. */
    private static String rejection(String in1, Layout layout, long... widths) {
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse(in1), Irreps.parse("1x0e+1x1o"),
                Irreps.parse("1x0e+1x1o"));
        TensorProductKernel k = new TensorProductKernel(plan, PathNormalization.SEGNN);
        try (NDManager m = TestSupport.manager()) {
            NDArray x2 = TestSupport.randn(m, 1, DataType.FLOAT64, 3, 4);
            NDArray w = TestSupport.randn(m, 2, DataType.FLOAT64, plan.weightNumel());
            NDList pieces = new NDList();
            for (int i = 0; i < widths.length; i++) {
                pieces.add(TestSupport.randn(m, 3 + i, DataType.FLOAT64, 3, widths[i]));
            }
            return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> k.forward(Features.pieces(pieces, layout), x2, w, null, Layout.MUL_IR)).getMessage();
        }
    }

    @Test
    void callCountDoesNotGrowWithMultiplicity() {
        Irreps attr = Irreps.parse("1x0e+1x1o");
        int small = new TensorProductKernel(TensorProductPlan.fullyConnected(Irreps.parse("2x0e+2x1o"), attr,
                Irreps.parse("2x0e+2x1o")), PathNormalization.SEGNN).ndarrayCallsPerForward(true);
        int large = new TensorProductKernel(TensorProductPlan.fullyConnected(Irreps.parse("64x0e+64x1o"), attr,
                Irreps.parse("64x0e+64x1o")), PathNormalization.SEGNN).ndarrayCallsPerForward(true);
        assertEquals(small, large);
    }

    /** A product {@code y(x1, x2, w)}. */
    private interface BiasedProduct {
        NDArray apply(NDArray x1, NDArray x2, NDArray w, NDArray bias);
    }

    /**
     * The pair gather of {@link Features#pairs} for components of dimension {@code d}: row
     * {@code (e, i)} takes node row {@code (target[e], i, 0)} and {@code (source[e], i, 1)}.
     */
    private static NDArray pairGather(NDManager m, long[] target, long[] source, long n, int d, DataType dt) {
        int e = target.length;
        long[] rows = new long[2 * e * d];
        long[] cols = new long[2 * e * d];
        int k = 0;
        for (int r = 0; r < e; r++) {
            for (int i = 0; i < d; i++) {
                rows[k] = (long) r * d + i;
                cols[k++] = (target[r] * d + i) * 2;
                rows[k] = (long) r * d + i;
                cols[k++] = (source[r] * d + i) * 2 + 1;
            }
        }
        NDArray indices = m.create(rows).reshape(1, k).concat(m.create(cols).reshape(1, k), 0);
        return Sparse.coo(indices, m.ones(new Shape(k), dt), new Shape((long) e * d, 2 * n * d));
    }

    /**
     * In float64 and float32, on random inputs from {@code seed}: another route to the product agrees
     * with {@link TensorProductKernel#forward(NDArray, NDArray, NDArray, NDArray)} (with a bias), in
     * value and in the gradients of both inputs and the weights.
     */
    private static void assertSameAsForward(TensorProductKernel k, int seed, BiasedProduct other) {
        TensorProductPlan plan = k.plan();
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dt == DataType.FLOAT64 ? 1e-12 : 1e-6;
            try (NDManager m = TestSupport.manager()) {
                NDArray x1 = TestSupport.randn(m, seed, dt, 5, plan.in1().dim());
                NDArray x2 = TestSupport.randn(m, seed + 1, dt, 5, plan.in2().dim());
                NDArray w = TestSupport.randn(m, seed + 2, dt, plan.weightNumel());
                NDArray bias = TestSupport.randn(m, seed + 3, dt, k.biasLength());
                NDArray[][] r = twoPasses(x1, x2, w, (xv, x2v, wv) -> k.forward(xv, x2v, wv, bias),
                        (xv, x2v, wv) -> other.apply(xv, x2v, wv, bias));
                assertTrue(TestSupport.relativeError(r[0][1], r[0][0]) < tol, dt + " forward");
                assertTrue(TestSupport.relativeError(r[1][1], r[1][0]) < tol * 10, dt + " gradient");
            }
        }
    }

    private interface Product {
        NDArray apply(NDArray x1, NDArray x2, NDArray w);
    }

    /**
     * Runs two computations of {@code y(x1, x2, w)} on fresh copies that record gradients, each with the
     * loss {@code sum(y^2)}; returns {@code {outputs, gradients}} with the gradients of {@code w},
     * {@code x1} and {@code x2} (flattened) concatenated.
     */
    private static NDArray[][] twoPasses(NDArray x1, NDArray x2, NDArray w, Product first, Product second) {
        NDArray[] outs = new NDArray[2];
        NDArray[] grads = new NDArray[2];
        for (int pass = 0; pass < 2; pass++) {
            NDArray wv = w.duplicate();
            NDArray xv = x1.duplicate();
            NDArray x2v = x2.duplicate();
            wv.setRequiresGradient(true);
            xv.setRequiresGradient(true);
            x2v.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = (pass == 0 ? first : second).apply(xv, x2v, wv);
                gc.backward(y.mul(y).sum());
                outs[pass] = y.duplicate();
            }
            grads[pass] = NDArrays.concat(new NDList(wv.getGradient(), xv.getGradient().flatten(),
                    x2v.getGradient().flatten()));
        }
        return new NDArray[][] {outs, grads};
    }
}
