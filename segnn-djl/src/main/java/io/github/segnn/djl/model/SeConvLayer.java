// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Features;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.internal.ProductAccess;
import io.github.segnn.djl.internal.Rows;
import io.github.segnn.djl.nn.InstanceNorm;
import io.github.segnn.djl.nn.O3SwishGateTensorProduct;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.nn.SwishGate;
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
 * are not used inside the layer. Input and output as every {@link MessagePassing} layer. Build
 * with {@link #builder()}.
 */
public class SeConvLayer extends MessagePassing {

    private static final byte VERSION = 2;

    private final boolean linear;
    private final O3SwishGateTensorProduct message1;
    private final O3TensorProduct message;
    private final SwishGate gate;
    private final InstanceNorm norm;
    private final Layout between;
    private final String name;

    SeConvLayer(Builder b) {
        super(VERSION, b);
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
        between = linear ? Layout.MUL_IR : Layout.between(message1.getIrrepsOut(), message.getIrrepsIn1());
        name = "SeConvLayer(hidden " + hidden + ", node attributes " + nodeAttr + ", edge attributes " + edgeAttr
                + ", " + edgeScalars + " edge scalars, " + (linear ? "linear" : "non-linear") + ", "
                + (norm != null ? "instance norm" : "no norm") + ")";
        inputNames = GraphBatch.NAMES;
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
    NDArray apply(ParameterStore ps, NDArray features, Layout layout, GraphContext graph, boolean training) {
        // works in e3nn's layout (its gate and norm take it): converts features given in another
        NDArray h = layout.convert(features, hidden, Layout.MUL_IR);
        NDList z = new NDList(Rows.gather(h, graph.target), Rows.gather(h, graph.source));
        if (graph.hasEdgeScalars()) {
            z.add(graph.edgeScalars);
        }
        // m_ij = T([h_i | h_j | e_ij] x a_ij), or T(G(...) x a_ij) for the non-linear convolution
        Features in = Features.pieces(z, Layout.MUL_IR);
        if (!linear) {
            in = ProductAccess.apply(message1, ps, in, graph.edgeAttr, training, between);
        }
        NDArray m = ProductAccess.apply(message, ps, in, graph.edgeAttr, training, Layout.MUL_IR).join();
        // h_i + Gate(sum_j m_ij), then the optional instance norm
        NDArray out = h.add(gate.forward(ps, new NDList(graph.toNodes.sum(m)), training).singletonOrThrow());
        if (norm != null) {
            out = norm.forward(ps, new NDList(out, graph.graphIndex, graph.nodeCounts), training).singletonOrThrow();
        }
        return Layout.MUL_IR.convert(out, hidden, layout);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long e = inputShapes[GraphBatch.EDGE_ATTR].get(0);
        Shape attr = new Shape(e, edgeAttr.dim());
        if (linear) {
            message.initialize(manager, dataType, new Shape(e, message.getIrrepsIn1().dim()), attr);
        } else {
            message1.initialize(manager, dataType, new Shape(e, message1.getTensorProduct().getIrrepsIn1().dim()), attr);
            message.initialize(manager, dataType, new Shape(e, hidden.dim()), attr);
        }
        gate.initialize(manager, dataType, new Shape(n, gate.getIrrepsIn().dim()));
        if (norm != null) {
            norm.initialize(manager, dataType, new Shape(n, hidden.dim()), inputShapes[GraphBatch.GRAPH_INDEX],
                    inputShapes[GraphBatch.NODE_COUNTS]);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Builder of {@link SeConvLayer}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private boolean linear = true;
        private boolean instanceNorm = true;

        Builder() {}

        @Override
        Builder self() {
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
         * Builds the layer; the hidden irreps must start with {@code 0e} (the gate's scalars).
         *
         * @return the layer
         */
        public SeConvLayer build() {
            validate("SeConvLayer");
            return new SeConvLayer(this);
        }
    }
}
