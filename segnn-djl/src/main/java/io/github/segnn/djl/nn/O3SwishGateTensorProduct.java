// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.internal.Features;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.ops.PathNormalization;
import java.util.ArrayList;
import java.util.List;

/**
 * SEGNN's {@code O3TensorProductSwishGate}: an {@link O3TensorProduct} to {@code (N+G)x0e + rest}
 * followed by a {@link SwishGate}, where {@code out = Nx0e + rest} (the first block must be
 * {@code 0e}) and {@code G = rest.numIrreps()}.
 *
 * <ul>
 *   <li>Input 0 {@code x1}: {@code (B, in1.dim)}; input 1 {@code x2} (optional): {@code (B, in2.dim)}.
 *   <li>Output: {@code (B, out.dim)}, irreps {@code out}.
 * </ul>
 *
 * Children: {@code tp} (its {@code weight} and {@code bias} are e3nn's {@code tp.weight} and SEGNN's
 * {@code biases}) and {@code gate}. Build with {@link #builder()}.
 */
public class O3SwishGateTensorProduct extends ConfiguredBlock implements EquivariantBlock {

    private static final byte VERSION = 2;

    private final O3TensorProduct tp;
    private final SwishGate gate;
    /** The layout in which the product hands its blocks to the gate. */
    private final Layout toGate;

    O3SwishGateTensorProduct(Builder b) {
        super(VERSION);
        Irreps out = b.irrepsOut;
        if (out.size() == 0 || !out.get(0).irrep().isScalar() || out.get(0).mul() == 0) {
            throw new IllegalArgumentException("O3SwishGateTensorProduct: the first block of the output irreps " + out
                    + " must be a nonempty block of 0e scalars");
        }
        int n = out.get(0).mul();
        List<MulIrrep> rest = new ArrayList<>(out.blocks().subList(1, out.size()));
        Irreps gated = Irreps.of(rest);
        gate = addChildBlock("gate", new SwishGate(n, gated));
        tp = addChildBlock("tp", O3TensorProduct.builder().setIrrepsIn1(b.irrepsIn1).optIrrepsIn2(b.irrepsIn2)
                .setIrrepsOut(gate.getIrrepsIn().simplify()).optNormalization(b.normalization).build());
        inputNames = tp.isLinear() ? List.of("x1") : List.of("x1", "x2");
        toGate = gate.takesBlocksOf(tp.getIrrepsOut()) ? Layout.IR_MUL : Layout.MUL_IR;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the tensor product child.
     *
     * @return the tensor product
     */
    public O3TensorProduct getTensorProduct() {
        return tp;
    }

    /**
     * Returns the gate child.
     *
     * @return the gate
     */
    public SwishGate getGate() {
        return gate;
    }

    /**
     * Returns the output irreps.
     *
     * @return out
     */
    public Irreps getIrrepsOut() {
        return gate.getIrrepsOut();
    }

    /**
     * Applies the layer inside a composite block, to a first input given as {@link Features} (see
     * {@code O3TensorProduct.apply}), returning
     * the output as pieces (the activated scalars, then each gated block) for a next product that
     * takes pieces: the output is then never concatenated only to be cut into groups again. The
     * product hands its blocks to the gate in {@link Layout#IR_MUL} whatever the layouts asked for
     * (unless simplifying the gate's input irreps merged blocks), so that the gate's products
     * broadcast over contiguous copies; {@code IR_MUL} out also spares the transposing copy, for a
     * next product that takes {@code IR_MUL} pieces of these irreps (see {@link Layout#between}).
     *
     * @param ps the parameter store
     * @param x1 the first input
     * @param x2 second input or null (linear)
     * @param training whether training
     * @param outLayout the layout of the returned pieces
     * @return the activated scalars, then each gated block, in {@code outLayout}
     */
    Features apply(ParameterStore ps, Features x1, NDArray x2, boolean training, Layout outLayout) {
        Features blocks = tp.apply(ps, x1, x2, training, toGate);
        return Features.pieces(gate.relayout(gate.piecesOf(blocks.pieces(), toGate), toGate, outLayout), outLayout);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x1 = inputs.get(0);
        tp.checkFirstInput(x1);
        return new NDList(apply(ps, Features.of(x1), inputs.size() > 1 ? inputs.get(1) : null, training,
                Layout.MUL_IR).join());
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        tp.initialize(manager, dataType, inputShapes);
        gate.initialize(manager, dataType, tp.getOutputShapes(inputShapes));
    }

    /** {@inheritDoc} */
    @Override
    protected String configuration() {
        return "O3SwishGateTensorProduct(" + tp.getIrrepsIn1() + (tp.isLinear() ? "" : " x " + tp.getIrrepsIn2())
                + " -> " + gate.getIrrepsOut() + ")";
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), getIrrepsOut().dim())};
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return tp.inputSlots();
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.nodeIrreps(getIrrepsOut()));
    }

    /** Builder of {@link O3SwishGateTensorProduct}. */
    public static final class Builder {
        private Irreps irrepsIn1;
        private Irreps irrepsIn2;
        private Irreps irrepsOut;
        private PathNormalization normalization = PathNormalization.SEGNN;

        Builder() {}

        /**
         * Sets the first input irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setIrrepsIn1(Irreps irreps) {
            irrepsIn1 = irreps;
            return this;
        }

        /**
         * Sets the second input irreps; without it the product is linear.
         *
         * @param irreps the irreps or null
         * @return this Builder
         */
        public Builder optIrrepsIn2(Irreps irreps) {
            irrepsIn2 = irreps;
            return this;
        }

        /**
         * Sets the output irreps {@code Nx0e + rest} (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setIrrepsOut(Irreps irreps) {
            irrepsOut = irreps;
            return this;
        }

        /**
         * Sets the path normalization; default {@link PathNormalization#SEGNN}.
         *
         * @param normalization the normalization
         * @return this Builder
         */
        public Builder optNormalization(PathNormalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         */
        public O3SwishGateTensorProduct build() {
            if (irrepsIn1 == null || irrepsOut == null) {
                throw new IllegalArgumentException("O3SwishGateTensorProduct needs setIrrepsIn1 and setIrrepsOut");
            }
            return new O3SwishGateTensorProduct(this);
        }
    }
}
