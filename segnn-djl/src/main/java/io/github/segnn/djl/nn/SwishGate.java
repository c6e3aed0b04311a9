// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.internal.Partition;
import io.github.segnn.djl.internal.Scalars;
import java.util.List;

/**
 * e3nn's {@code Gate(scalars, [SiLU], gates, [sigmoid], gated)} with e3nn's normalized constants,
 * as SEGNN uses it. Irreps in: {@code N x0e + G x0e + gated}; irreps out: {@code N x0e + gated},
 * where {@code G = gated.numIrreps()}. Scalars become {@code c_silu * silu(s)}; gate {@code k}
 * becomes {@code c_sigmoid * sigmoid(g_k)} and multiplies the {@code k}-th irrep copy of the gated
 * part, in order. With no gated irreps it is SEGNN's plain {@code nn.SiLU()} on everything (no
 * constant). No parameters.
 */
public class SwishGate extends ConfiguredBlock implements EquivariantBlock {

    /** e3nn's {@code normalize2mom} constant of SiLU (Monte-Carlo, seed 0, 1e6 samples). */
    public static final double SILU_CONSTANT = 1.6791767923989418;
    /** e3nn's {@code normalize2mom} constant of the sigmoid. */
    public static final double SIGMOID_CONSTANT = 1.8467055342154763;

    private static final byte VERSION = 2;

    private final int scalars;
    private final Irreps gated;
    private final Irreps irrepsIn;
    private final Irreps irrepsOut;
    private final long[] inputPieces;
    private final long[] gatePieces;

    /**
     * Creates the gate.
     *
     * @param scalars the number of activated scalars N
     * @param gated the gated irreps (may be empty)
     */
    public SwishGate(int scalars, Irreps gated) {
        super(VERSION);
        this.scalars = scalars;
        this.gated = gated;
        int g = gated.numIrreps();
        Irreps s = Irreps.parse(scalars + "x0e");
        irrepsOut = g == 0 ? s : s.concat(gated);
        irrepsIn = g == 0 ? s : Irreps.parse((scalars + g) + "x0e").concat(gated);
        // the input cut into scalars, gates, then each gated block; the gates cut by gated block
        inputPieces = new long[2 + gated.size()];
        gatePieces = new long[gated.size()];
        inputPieces[0] = scalars;
        inputPieces[1] = g;
        for (int c = 0; c < gated.size(); c++) {
            inputPieces[2 + c] = gated.get(c).dim();
            gatePieces[c] = gated.get(c).mul();
        }
    }

    /**
     * Returns the input irreps {@code (N+G)x0e + gated}.
     *
     * @return the input irreps
     */
    public Irreps getIrrepsIn() {
        return irrepsIn;
    }

    /**
     * Returns the output irreps {@code Nx0e + gated}.
     *
     * @return the output irreps
     */
    public Irreps getIrrepsOut() {
        return irrepsOut;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.head()));
    }

    /**
     * Applies the gate.
     *
     * @param x {@code (B, irrepsIn.dim)}
     * @return {@code (B, irrepsOut.dim)}
     */
    NDArray apply(NDArray x) {
        Checks.features("SwishGate(" + irrepsIn + " -> " + irrepsOut + ")", "x", x, irrepsIn);
        if (gated.numIrreps() == 0) {
            return silu(x);
        }
        NDList parts = Partition.bySizes(x, 1, inputPieces);
        return Partition.join(combine(parts.get(0), parts.get(1), parts.subList(2, parts.size()), Layout.MUL_IR), 1);
    }

    /**
     * Applies the gate to its input given by irreps block: {@code (N+G)x0e} first, then one array
     * per gated block (what {@link O3TensorProduct}'s blocks give when the input irreps are in that
     * form), so that the input is never concatenated only to be cut again.
     *
     * @param blocks {@code (B, N+G)}, then {@code (B, gated_c.dim)} for each gated block; or any
     *     cut whose concatenation is the input, which is then concatenated
     * @return {@code (B, irrepsOut.dim)}
     */
    NDArray applyBlocks(NDList blocks) {
        NDList out = piecesOf(blocks);
        return Partition.join(out, 1);
    }

    /**
     * Like {@link #applyBlocks(NDList)}, but returns the output as column pieces (the activated
     * scalars, then each gated block) for a consumer that takes pieces, such as
     * {@code O3TensorProduct.apply}.
     *
     * @param blocks the input by block, as for {@link #applyBlocks(NDList)}
     * @return arrays whose concatenation along axis 1 is the output {@code (B, irrepsOut.dim)}
     */
    NDList piecesOf(NDList blocks) {
        return piecesOf(blocks, Layout.MUL_IR);
    }

    /**
     * Like {@link #piecesOf(NDList)}, for blocks in a given layout; the gated pieces come back in the
     * same layout. In {@link Layout#IR_MUL} each gate multiplies a contiguous row of copies, the
     * fastest case for PyTorch's element-wise products and for the reduction in their backward pass.
     *
     * @param blocks the input by block: the scalars and gates together, then each gated block
     * @param layout the layout of the gated blocks, in and out
     * @return the activated scalars, then each gated block
     */
    NDList piecesOf(NDList blocks, Layout layout) {
        boolean byBlock = gated.numIrreps() > 0 && blocks.size() == 1 + gated.size()
                && blocks.get(0).getShape().get(1) == inputPieces[0] + inputPieces[1];
        for (int c = 0; byBlock && c < gated.size(); c++) {
            byBlock = blocks.get(1 + c).getShape().get(1) == inputPieces[2 + c];
        }
        if (!byBlock) {
            if (layout == Layout.IR_MUL && gated.dim() > gated.numIrreps()) {
                throw new IllegalArgumentException("SwishGate(" + irrepsIn + " -> " + irrepsOut
                        + "): blocks in IR_MUL layout must come one per block (scalars and gates, then each gated block)");
            }
            return new NDList(apply(Partition.join(blocks, 1)));
        }
        Checks.pieces("SwishGate(" + irrepsIn + " -> " + irrepsOut + ")", "x", blocks, irrepsIn);
        NDList sg = Partition.bySizes(blocks.get(0), 1, inputPieces[0], inputPieces[1]);
        return combine(sg.get(0), sg.get(1), blocks.subList(1, blocks.size()), layout);
    }

    /** SiLU of the scalars, then each gated block (in the given layout) times its sigmoid gates, as pieces. */
    private NDList combine(NDArray scalarPart, NDArray gatePart, List<NDArray> gatedBlocks, Layout layout) {
        NDList out = new NDList(1 + gated.size());
        out.add(Scalars.mul(silu(scalarPart), SILU_CONSTANT));
        NDList gates = Partition.bySizes(Scalars.mul(Activation.sigmoid(gatePart), SIGMOID_CONSTANT), 1, gatePieces);
        long rows = scalarPart.getShape().get(0);
        for (int c = 0; c < gated.size(); c++) {
            MulIrrep b = gated.get(c);
            NDArray v = gatedBlocks.get(c);
            int d = b.irrep().dim();
            if (d == 1) {
                out.add(v.mul(gates.get(c)));
            } else if (layout == Layout.IR_MUL) {
                out.add(v.reshape(rows, d, b.mul()).mul(gates.get(c).expandDims(1)).reshape(rows, b.dim()));
            } else {
                out.add(v.reshape(rows, b.mul(), d).mul(gates.get(c).expandDims(2)).reshape(rows, b.dim()));
            }
        }
        return out;
    }

    /**
     * Returns whether a product's output blocks are, one for one, this gate's input blocks (the
     * scalars and gates together, then each gated block), which {@link #piecesOf(NDList, Layout)}
     * needs to take them in {@link Layout#IR_MUL}.
     *
     * @param productOut the irreps of the product's output, as its blocks come
     * @return whether the blocks match
     */
    boolean takesBlocksOf(Irreps productOut) {
        List<MulIrrep> blocks = productOut.blocks().stream().filter(b -> b.mul() > 0).toList();
        if (blocks.size() != 1 + gated.size() || blocks.get(0).dim() != inputPieces[0] + inputPieces[1]) {
            return false;
        }
        for (int c = 0; c < gated.size(); c++) {
            if (!blocks.get(1 + c).equals(gated.get(c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Re-lays the pieces that {@link #piecesOf(NDList, Layout)} returns (the scalars, then each gated
     * block) from one layout into another.
     *
     * @param pieces the output pieces in layout {@code from}
     * @param from their layout
     * @param to the wanted layout
     * @return the same pieces in layout {@code to}
     */
    NDList relayout(NDList pieces, Layout from, Layout to) {
        if (from == to) {
            return pieces;
        }
        if (pieces.size() != 1 + gated.size()) {
            return new NDList(from.convert(Partition.join(pieces, 1), irrepsOut, to));
        }
        NDList out = new NDList(pieces.size());
        out.add(pieces.get(0));
        for (int c = 0; c < gated.size(); c++) {
            out.add(from.convert(pieces.get(1 + c), gated.get(c).mul(), gated.get(c).irrep().dim(), to));
        }
        return out;
    }

    /**
     * Returns {@code x * sigmoid(x)}.
     *
     * @param x the input
     * @return SiLU of the input
     */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return List.of(FeatureSlot.nodeIrreps(irrepsIn));
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.nodeIrreps(irrepsOut));
    }

    /** {@inheritDoc} */
    @Override
    protected String configuration() {
        return "SwishGate(" + scalars + " scalars, gated " + gated + ")";
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), irrepsOut.dim())};
    }
}
