// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.core.tp.Instruction;
import io.github.segnn.core.tp.TensorProductPlan;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.internal.Features;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.internal.ProductAccess;
import io.github.segnn.djl.internal.TensorProductKernel;
import io.github.segnn.djl.ops.PathNormalization;
import java.util.Arrays;
import java.util.List;

/**
 * SEGNN's steerable linear layer: a fully connected tensor product {@code in1 x in2 -> out} with
 * trainable weights in e3nn's path order and layout, plus a bias on the {@code 0e} outputs.
 *
 * <ul>
 *   <li>Input 0 {@code x1}: {@code (B, in1.dim)}, irreps {@code in1}.
 *   <li>Input 1 {@code x2} (omitted for the linear case, which uses {@code 1x0e} ones):
 *       {@code (B, in2.dim)}, irreps {@code in2}.
 *   <li>Parameters: {@code weight (weightNumel,)}, {@code bias (number of 0e outputs,)}.
 *   <li>Output: {@code (B, out.dim)}, irreps {@code out}.
 * </ul>
 *
 * <p>Semantics (SEGNN-SPEC 4.2): {@code y = sum_paths W C~ (x1 (x) x2) + b} with the
 * component-normalized 3j {@code C~ = sqrt(2l+1) C}; weights and biases of output block {@code c}
 * start uniform in {@code +-1/sqrt(fanIn(c))}. The forward pass runs the fused
 * {@link TensorProductKernel}; its NDArray call count does not grow with the multiplicities.
 * Build with {@link #builder()}.
 */
public class O3TensorProduct extends ConfiguredBlock implements EquivariantBlock {

    private static final byte VERSION = 2;

    static {
        ProductAccess.register(new ProductBridge());
    }

    private final Irreps irrepsIn1;
    private final Irreps irrepsIn2;
    private final boolean linear;
    private final Irreps irrepsOut;
    private final TensorProductKernel kernel;
    private final Parameter weight;
    private final Parameter bias;
    private final String name;
    private final String config;

    /**
     * Creates the block from its builder.
     *
     * @param builder the builder
     */
    protected O3TensorProduct(Builder builder) {
        super(VERSION);
        irrepsIn1 = builder.irrepsIn1;
        linear = builder.irrepsIn2 == null;
        irrepsIn2 = linear ? Irreps.parse("1x0e") : builder.irrepsIn2;
        irrepsOut = builder.irrepsOut;
        TensorProductPlan plan;
        try {
            plan = TensorProductPlan.fullyConnected(irrepsIn1, irrepsIn2, irrepsOut);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("O3TensorProduct: " + e.getMessage(), e);
        }
        kernel = new TensorProductKernel(plan, builder.normalization);
        name = "O3TensorProduct(" + irrepsIn1 + (linear ? "" : " x " + irrepsIn2) + " -> " + irrepsOut + ")";
        double[] wBounds = new double[plan.weightNumel()];
        for (Instruction ins : plan.instructions()) {
            Arrays.fill(wBounds, ins.weightOffset(), ins.weightOffset() + ins.weightNumel(),
                    1 / Math.sqrt(plan.fanIn(ins.iOut())));
        }
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER)
                .optShape(new Shape(plan.weightNumel())).optInitializer(new UniformBoundsInitializer(wBounds)).build());
        int nBias = builder.bias ? kernel.biasLength() : 0;
        if (nBias > 0) {
            double[] bBounds = new double[nBias];
            int k = 0;
            for (int c = 0; c < irrepsOut.size(); c++) {
                MulIrrep b = irrepsOut.get(c);
                if (b.irrep().isScalar()) {
                    Arrays.fill(bBounds, k, k + b.mul(), 1 / Math.sqrt(plan.fanIn(c)));
                    k += b.mul();
                }
            }
            bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.OTHER)
                    .optShape(new Shape(nBias)).optInitializer(new UniformBoundsInitializer(bBounds)).build());
        } else {
            bias = null;
        }
        inputNames = linear ? List.of("x1") : List.of("x1", "x2");
        config = name.substring(0, name.length() - 1) + ", " + (bias == null ? "no bias" : "bias") + ", "
                + builder.normalization + " normalization)";
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
     * Returns the first input irreps.
     *
     * @return in1
     */
    public Irreps getIrrepsIn1() {
        return irrepsIn1;
    }

    /**
     * Returns the second input irreps ({@code 1x0e} for the linear case).
     *
     * @return in2
     */
    public Irreps getIrrepsIn2() {
        return irrepsIn2;
    }

    /**
     * Returns whether the layer is linear (no second input).
     *
     * @return true without a second input
     */
    public boolean isLinear() {
        return linear;
    }

    /**
     * Returns the output irreps.
     *
     * @return out
     */
    public Irreps getIrrepsOut() {
        return irrepsOut;
    }

    /**
     * Returns the kernel (plan, normalization, call count).
     *
     * @return the kernel
     */
    TensorProductKernel getKernel() {
        return kernel;
    }

    /**
     * Returns the weight parameter (flat, e3nn layout).
     *
     * @return the weight
     */
    public Parameter getWeight() {
        return weight;
    }

    /**
     * Returns the bias parameter, or null when the output has no {@code 0e} or bias is off.
     *
     * @return the bias or null
     */
    public Parameter getBias() {
        return bias;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x1 = inputs.get(0);
        NDArray x2 = linear ? null : inputs.size() > 1 ? inputs.get(1) : null;
        checkFirstInput(x1);
        return new NDList(apply(ps, Features.of(x1), x2, training, Layout.MUL_IR).join());
    }

    /** Checks a first input given as one array, with the message that names this block. */
    void checkFirstInput(NDArray x1) {
        Checks.features(name, "x1", x1, irrepsIn1);
    }

    /**
     * Applies the layer inside a composite block, to a first input given as {@link Features}
     * (column pieces such as {@code [h_i | h_j | e_ij]}, the same result as for their concatenation,
     * which is never formed; or the kernel's group operands), returning the output cut by block in
     * a chosen layout: {@link Layout#IR_MUL} is what the kernel computes and costs no copy.
     *
     * @param ps the parameter store
     * @param x1 the first input, {@code in1.dim} columns in all
     * @param x2 {@code (B, in2.dim)}, or null for the linear case
     * @param training whether training
     * @param outLayout the layout of the output
     * @return one piece {@code (B, mul * (2l+1))} per output block of nonzero multiplicity, in
     *     {@code outLayout}
     */
    Features apply(ParameterStore ps, Features x1, NDArray x2, boolean training, Layout outLayout) {
        NDArray first;
        if (x1.isPairs()) {
            // node operands: the edges' rows are x2's, which the kernel checks the pair gathers against
            if (x2 == null) {
                throw new IllegalArgumentException(name + ": edge features given by their nodes need a second input"
                        + " with irreps " + irrepsIn2);
            }
            first = x2;
        } else if (x1.isGroups()) {
            if (x1.pieces().isEmpty()) {
                throw new IllegalArgumentException(name + ": no group operands for x1");
            }
            first = x1.pieces().get(0);
        } else {
            first = Checks.pieces(name, "x1", x1.pieces(), irrepsIn1);
        }
        Operands o = operands(ps, first, x2, training);
        return kernel.forward(x1, o.x2, o.weight, o.bias, outLayout);
    }

    /** What the kernel takes beside the first input: the second input, the weights, the bias or null. */
    private record Operands(NDArray x2, NDArray weight, NDArray bias) {}

    /**
     * The kernel's operands for a first input whose rows, device and manager {@code x1} gives. No
     * batch-scoped aliases of the parameters are needed: the kernel's first operation on each (a
     * gather, a split or an addition to a batch array) puts its result in the batch's manager.
     */
    private Operands operands(ParameterStore ps, NDArray x1, NDArray x2, boolean training) {
        return new Operands(secondInput(x1, x2), ps.getValue(weight, x1.getDevice(), training),
                bias == null ? null : ps.getValue(bias, x1.getDevice(), training));
    }

    /** The checked second input, or for a linear product a column of ones with the rows of {@code x1}. */
    private NDArray secondInput(NDArray x1, NDArray x2) {
        if (linear) {
            if (x2 != null) {
                throw new IllegalArgumentException(name + " is linear (no second input) but got a second input of shape "
                        + x2.getShape());
            }
            return x1.getManager().ones(new Shape(x1.getShape().get(0), 1), x1.getDataType(), x1.getDevice());
        }
        if (x2 == null) {
            throw new IllegalArgumentException(name + " expects a second input with irreps " + irrepsIn2);
        }
        Checks.features(name, "x2", x2, irrepsIn2);
        Checks.sameRows(name, x1, x2);
        return x2;
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return linear ? List.of(FeatureSlot.nodeIrreps(irrepsIn1))
                : List.of(FeatureSlot.nodeIrreps(irrepsIn1), FeatureSlot.nodeIrreps(irrepsIn2));
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.nodeIrreps(irrepsOut));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), irrepsOut.dim())};
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        // shapes are fixed by the irreps at construction
    }

    /** {@inheritDoc} */
    @Override
    protected String configuration() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name + " | " + kernel.plan().instructions().size() + " paths | " + kernel.plan().weightNumel()
                + " weights";
    }

    /** Builder of {@link O3TensorProduct}. */
    public static final class Builder {
        private Irreps irrepsIn1;
        private Irreps irrepsIn2;
        private Irreps irrepsOut;
        private boolean bias = true;
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
         * Sets the second input irreps; without it the layer is linear (SEGNN's {@code in2=None}).
         *
         * @param irreps the irreps, or null
         * @return this Builder
         */
        public Builder optIrrepsIn2(Irreps irreps) {
            irrepsIn2 = irreps;
            return this;
        }

        /**
         * Sets the output irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setIrrepsOut(Irreps irreps) {
            irrepsOut = irreps;
            return this;
        }

        /**
         * Sets whether {@code 0e} outputs get a bias; default true.
         *
         * @param bias whether to add a bias
         * @return this Builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
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
         * @throws IllegalArgumentException if irreps are missing or an output is unreachable
         */
        public O3TensorProduct build() {
            if (irrepsIn1 == null || irrepsOut == null) {
                throw new IllegalArgumentException("O3TensorProduct needs setIrrepsIn1 and setIrrepsOut");
            }
            return new O3TensorProduct(this);
        }
    }
}
