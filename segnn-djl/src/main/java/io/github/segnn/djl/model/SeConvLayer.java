// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.nn.InstanceNorm;
import io.github.segnn.djl.nn.O3SwishGateTensorProduct;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.nn.SwishGate;
import io.github.segnn.djl.ops.Layout;
import io.github.segnn.djl.ops.Rows;
import io.github.segnn.djl.ops.Scatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steerable convolution of the paper's ablations ({@code SEConvLayer}, SEGNN-ADDENDUM 1): hidden
 * irreps in and out.
 *
 * <ul>
 *   <li>linear: {@code m_ij = T([h_i | h_j | e_ij] x a_ij -> gate-ready irreps)};
 *   <li>non-linear: {@code m_ij = T(G([h_i | h_j | e_ij] x a_ij -> hidden) x a_ij -> gate-ready)};
 *   <li>{@code h_i <- h_i + Gate(sum_j m_ij)}, then the optional instance norm.
 * </ul>
 *
 * The gate-ready irreps of {@code hidden = Nx0e + rest} are {@code (N+G)x0e + rest}. Node attributes
 * are not used inside the layer. Inputs and output as {@link SegnnLayer}. Build with {@link #builder()}.
 */
public class SeConvLayer extends AbstractBlock implements EquivariantBlock, MessagePassing {

    private static final byte VERSION = 1;

    private final Irreps hidden;
    private final Irreps edgeAttr;
    private final Irreps nodeAttr;
    private final int edgeScalars;
    private final boolean linear;
    private final O3SwishGateTensorProduct message1;
    private final O3TensorProduct message;
    private final SwishGate gate;
    private final InstanceNorm norm;

    SeConvLayer(Builder b) {
        super(VERSION);
        hidden = b.hidden;
        edgeAttr = b.edgeAttr;
        nodeAttr = b.nodeAttr;
        edgeScalars = b.edgeScalars;
        linear = b.linear;
        if (hidden.size() == 0 || !hidden.get(0).irrep().isScalar()) {
            throw new IllegalArgumentException("SeConvLayer: hidden irreps " + hidden + " must start with 0e scalars");
        }
        List<MulIrrep> rest = new ArrayList<>(hidden.blocks().subList(1, hidden.size()));
        gate = addChildBlock("gate", new SwishGate(hidden.get(0).mul(), Irreps.of(rest)));
        Irreps gateReady = gate.getIrrepsIn().simplify();
        Irreps extra = edgeScalars == 0 ? Irreps.empty() : Irreps.parse(edgeScalars + "x0e");
        Irreps messageIn = hidden.repeat(2).concat(extra).simplify();
        if (linear) {
            message1 = null;
            message = addChildBlock("message", O3TensorProduct.builder().setIrrepsIn1(messageIn).optIrrepsIn2(edgeAttr)
                    .setIrrepsOut(gateReady).build());
        } else {
            message1 = addChildBlock("message1", O3SwishGateTensorProduct.builder().setIrrepsIn1(messageIn)
                    .optIrrepsIn2(edgeAttr).setIrrepsOut(hidden).build());
            message = addChildBlock("message2", O3TensorProduct.builder().setIrrepsIn1(hidden).optIrrepsIn2(edgeAttr)
                    .setIrrepsOut(gateReady).build());
        }
        norm = b.instanceNorm ? addChildBlock("featureNorm", InstanceNorm.builder().setIrreps(hidden).build()) : null;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, O3TensorProduct> namedTensorProducts() {
        Map<String, O3TensorProduct> m = new LinkedHashMap<>();
        if (linear) {
            m.put("message_layer", message);
        } else {
            m.put("message_layer_1", message1.getTensorProduct());
            m.put("message_layer_2", message);
        }
        return m;
    }

    /**
     * Returns the instance norm, or null.
     *
     * @return the norm
     */
    public InstanceNorm getInstanceNorm() {
        return norm;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray apply(ParameterStore ps, NDArray h, Layout layout, NDArray na, NDArray ea, NDArray es,
            NDArray source, NDArray target, Scatter toNodes, NDArray graphIndex, NDArray nodeCounts,
            boolean training) {
        // works in e3nn's layout (its gate and norm take it): converts features given in another
        NDArray x = layout.convert(h, hidden, Layout.MUL_IR);
        return Layout.MUL_IR.convert(applyMulIr(ps, x, na, ea, es, source, target, toNodes, graphIndex,
                nodeCounts, training), hidden, layout);
    }

    /** The layer on features in e3nn's layout. */
    private NDArray applyMulIr(ParameterStore ps, NDArray h, NDArray na, NDArray ea, NDArray es, NDArray source,
            NDArray target, Scatter toNodes, NDArray graphIndex, NDArray nodeCounts, boolean training) {
        NDList z = new NDList(Rows.gather(h, target), Rows.gather(h, source));
        if (es.getShape().get(1) > 0) {
            z.add(es);
        }
        NDArray m;
        if (linear) {
            m = message.apply(ps, z, ea, training);
        } else {
            Layout between = Layout.between(message1.getIrrepsOut(), message.getIrrepsIn1());
            m = message.apply(ps, message1.applyPieces(ps, z, Layout.MUL_IR, ea, training, between), between, ea,
                    training);
        }
        NDArray out = h.add(gate.apply(toNodes.sum(m)));
        return norm == null ? out : norm.apply(ps, out, graphIndex, nodeCounts, training);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        GraphInputs.validate("SeConvLayer(" + hidden + ")", inputs, hidden, nodeAttr, edgeAttr, edgeScalars);
        NDArray ei = inputs.get(GraphInputs.EDGE_INDEX).toType(DataType.INT64, false);
        NDArray h = inputs.get(GraphInputs.X);
        Scatter toNodes = Scatter.of(ei.get(1), h.getShape().get(0), h.getDataType());
        return new NDList(applyMulIr(ps, h, inputs.get(GraphInputs.NODE_ATTR), inputs.get(GraphInputs.EDGE_ATTR),
                inputs.get(GraphInputs.EDGE_SCALARS), ei.get(0), ei.get(1), toNodes,
                inputs.get(GraphInputs.GRAPH_INDEX), inputs.get(GraphInputs.NODE_COUNTS), training));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long e = inputShapes[GraphInputs.EDGE_ATTR].get(0);
        Shape attr = new Shape(e, edgeAttr.dim());
        if (linear) {
            message.initialize(manager, dataType, new Shape(e, message.getIrrepsIn1().dim()), attr);
        } else {
            message1.initialize(manager, dataType, new Shape(e, message1.getTensorProduct().getIrrepsIn1().dim()), attr);
            message.initialize(manager, dataType, new Shape(e, hidden.dim()), attr);
        }
        gate.initialize(manager, dataType, new Shape(n, gate.getIrrepsIn().dim()));
        if (norm != null) {
            norm.initialize(manager, dataType, new Shape(n, hidden.dim()), inputShapes[GraphInputs.GRAPH_INDEX],
                    inputShapes[GraphInputs.NODE_COUNTS]);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), hidden.dim())};
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphInputs.slots(hidden, nodeAttr, edgeAttr, edgeScalars);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.nodeIrreps(hidden));
    }

    /** Builder of {@link SeConvLayer}. */
    public static final class Builder {
        private Irreps hidden;
        private Irreps edgeAttr;
        private Irreps nodeAttr;
        private int edgeScalars;
        private boolean linear = true;
        private boolean instanceNorm = true;

        Builder() {}

        /**
         * Sets the hidden irreps (required; must start with 0e).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setHiddenIrreps(Irreps irreps) {
            hidden = irreps;
            return this;
        }

        /**
         * Sets the edge attribute irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setEdgeAttrIrreps(Irreps irreps) {
            edgeAttr = irreps;
            return this;
        }

        /**
         * Sets the node attribute irreps (required for the input layout; unused by the layer).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setNodeAttrIrreps(Irreps irreps) {
            nodeAttr = irreps;
            return this;
        }

        /**
         * Sets the number of extra invariant message features; default 0.
         *
         * @param count the count
         * @return this Builder
         */
        public Builder optEdgeScalars(int count) {
            edgeScalars = count;
            return this;
        }

        /**
         * Sets whether the message is a single linear tensor product; default true.
         *
         * @param linear true for SE linear, false for SE non-linear
         * @return this Builder
         */
        public Builder optLinear(boolean linear) {
            this.linear = linear;
            return this;
        }

        /**
         * Sets whether an instance norm follows the update; default true (the paper's README).
         *
         * @param instanceNorm whether to normalize
         * @return this Builder
         */
        public Builder optInstanceNorm(boolean instanceNorm) {
            this.instanceNorm = instanceNorm;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         */
        public SeConvLayer build() {
            if (hidden == null || edgeAttr == null || nodeAttr == null) {
                throw new IllegalArgumentException("SeConvLayer needs hidden, edge attribute and node attribute irreps");
            }
            return new SeConvLayer(this);
        }
    }
}
