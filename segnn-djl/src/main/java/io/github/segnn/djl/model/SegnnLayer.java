// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import io.github.segnn.djl.internal.Partition;
import io.github.segnn.djl.internal.Rows;
import io.github.segnn.djl.nn.EquivariantBatchNorm;
import io.github.segnn.djl.nn.InstanceNorm;
import io.github.segnn.djl.nn.O3SwishGateTensorProduct;
import io.github.segnn.djl.nn.O3TensorProduct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One SEGNN message-passing layer (SEGNN-SPEC 5): hidden irreps in and out.
 *
 * <ul>
 *   <li>Message on edge {@code j -> i}: {@code m_ij = G2(G1([h_i | h_j | e_ij] x a_ij) x a_ij)}.
 *   <li>Aggregation: {@code m_i = sum_j m_ij}.
 *   <li>Update: {@code h_i + T(G3([h_i | m_i] x a_i) x a_i)}.
 * </ul>
 *
 * Then the optional feature norm ({@link FeatureNorm}).
 *
 * <p>Input: a featurized {@link GraphBatch} NDList whose {@code nodeFeatures} have the hidden
 * irreps; output: {@code [h (N, hidden.dim)]} (see {@link MessagePassing}). Children
 * {@code message1, message2, update1, update2} correspond to the official
 * {@code message_layer_1/2, update_layer_1/2}. Build with {@link #builder()}.
 */
public class SegnnLayer extends MessagePassing {

    private static final byte VERSION = 2;

    private final O3SwishGateTensorProduct message1;
    private final O3SwishGateTensorProduct message2;
    private final O3SwishGateTensorProduct update1;
    private final O3TensorProduct update2;
    private final FeatureNorm norm;
    private final InstanceNorm instanceNorm;
    private final EquivariantBatchNorm featureBatchNorm;
    private final EquivariantBatchNorm messageBatchNorm;
    private final Layout irMulNodes;
    private final long[] hiddenBlockDims;
    private final int edgeScalarGroup;
    private final boolean pairedMessageInput;
    private final Layout betweenMessages;
    private final Layout betweenUpdates;
    private final String name;

    SegnnLayer(Builder b) {
        super(VERSION, b);
        Irreps extra = edgeScalars == 0 ? Irreps.empty() : Irreps.parse(edgeScalars + "x0e");
        Irreps messageIn = hidden.repeat(2).concat(extra).simplify();
        Irreps updateIn = hidden.concat(hidden).simplify();
        message1 = addChildBlock("message1", O3SwishGateTensorProduct.builder().setIrrepsIn1(messageIn)
                .optIrrepsIn2(edgeAttr).setIrrepsOut(hidden).build());
        message2 = addChildBlock("message2", O3SwishGateTensorProduct.builder().setIrrepsIn1(hidden)
                .optIrrepsIn2(edgeAttr).setIrrepsOut(hidden).build());
        update1 = addChildBlock("update1", O3SwishGateTensorProduct.builder().setIrrepsIn1(updateIn)
                .optIrrepsIn2(nodeAttr).setIrrepsOut(hidden).build());
        update2 = addChildBlock("update2", O3TensorProduct.builder().setIrrepsIn1(hidden).optIrrepsIn2(nodeAttr)
                .setIrrepsOut(hidden).build());
        norm = b.norm;
        instanceNorm = norm == FeatureNorm.INSTANCE
                ? addChildBlock("featureNorm", InstanceNorm.builder().setIrreps(hidden).build()) : null;
        featureBatchNorm = norm == FeatureNorm.BATCH
                ? addChildBlock("featureNorm", EquivariantBatchNorm.builder().setIrreps(hidden).build()) : null;
        messageBatchNorm = norm == FeatureNorm.BATCH
                ? addChildBlock("messageNorm", EquivariantBatchNorm.builder().setIrreps(hidden).build()) : null;
        boolean blockForBlock = Layout.forPieces(List.of(hidden, hidden, extra), messageIn) == Layout.IR_MUL
                && Layout.forPieces(List.of(hidden, hidden), updateIn) == Layout.IR_MUL;
        irMulNodes = blockForBlock ? Layout.IR_MUL : Layout.MUL_IR;
        hiddenBlockDims = hidden.blocks().stream().mapToLong(MulIrrep::dim).toArray();
        edgeScalarGroup = IntStream.range(0, hidden.size()).filter(i -> hidden.get(i).irrep().isScalar())
                .findFirst().orElse(-1);
        pairedMessageInput = blockForBlock
                && pairsEachBlock(ProductAccess.kernel(message1.getTensorProduct()).inputGroups(),
                messageIn, extra);
        betweenMessages = Layout.between(message1.getIrrepsOut(), message2.getTensorProduct().getIrrepsIn1());
        betweenUpdates = Layout.between(update1.getIrrepsOut(), update2.getIrrepsIn1());
        name = "SegnnLayer(hidden " + hidden + ", node attributes " + nodeAttr + ", edge attributes " + edgeAttr
                + ", " + edgeScalars + " edge scalars, norm " + norm + ")";
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

    /**
     * Whether the first message product's kernel merges exactly {@code [h_i | h_j]} of each hidden
     * block into one operand (the edge scalars, at most one block, joining the scalar block's), so
     * that it can take each operand from the node block and the pair gather ({@link Features#pairs}). A block of multiplicity 0, or
     * blocks merged by simplify, leave the groups different from these.
     */
    private boolean pairsEachBlock(List<List<Integer>> groups, Irreps messageIn, Irreps extra) {
        int h = hidden.size();
        if (messageIn.size() != 2 * h + extra.size() || groups.size() != h) {
            return false;
        }
        for (int b = 0; b < h; b++) {
            List<Integer> want = b == edgeScalarGroup && extra.size() == 1 ? List.of(b, h + b, 2 * h) : List.of(b, h + b);
            if (!groups.get(b).equals(want)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the first message product takes {@code [h_i | h_j]} block by block from the nodes ({@link Features#pairs}). */
    boolean gathersPairs() {
        return pairedMessageInput;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, O3TensorProduct> namedTensorProducts() {
        Map<String, O3TensorProduct> m = new LinkedHashMap<>();
        m.put("message_layer_1", message1.getTensorProduct());
        m.put("message_layer_2", message2.getTensorProduct());
        m.put("update_layer_1", update1.getTensorProduct());
        m.put("update_layer_2", update2);
        return m;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The kernel's {@link Layout#IR_MUL}, unless simplifying the products' input irreps merged
     * non-scalar blocks of {@code h} (hidden irreps given unsimplified, such as
     * {@code 2x0e+2x1o+2x1o}).
     */
    @Override
    Layout nodeLayout() {
        return irMulNodes;
    }

    /** {@inheritDoc} */
    @Override
    NDArray apply(ParameterStore ps, NDArray h, Layout layout, GraphContext graph, boolean training) {
        // the layer works in the kernel's IR_MUL layout where its products read [h_i | h_j | e_ij]
        // and [h | m_i] block for block; otherwise (simplify merged blocks of h) in e3nn's layout.
        // Between two products the gated blocks travel as pieces in the kernel's layout: nothing is
        // concatenated only to be cut again, and nothing is transposed.
        Layout nodes = layout == Layout.IR_MUL ? irMulNodes : Layout.MUL_IR;
        NDArray x = layout.convert(h, hidden, nodes);
        // m_ij = G2(G1([h_i | h_j | e_ij] x a_ij) x a_ij)
        Features m1 = ProductAccess.apply(message1, ps, messageInput(x, nodes, graph), graph.edgeAttr, training,
                betweenMessages);
        Features m = ProductAccess.apply(message2, ps, m1, graph.edgeAttr, training, nodes);
        // h_i + T(G3([h_i | m_i] x a_i) x a_i), with m_i = sum_j m_ij
        NDList updateIn = new NDList(x);
        updateIn.addAll(aggregate(ps, m, nodes, graph, training));
        Features u1 = ProductAccess.apply(update1, ps, Features.pieces(updateIn, nodes), graph.nodeAttr, training,
                betweenUpdates);
        NDArray out = x.add(ProductAccess.apply(update2, ps, u1, graph.nodeAttr, training, nodes).join());
        if (instanceNorm != null || featureBatchNorm != null) {
            out = nodes.convert(out, hidden, Layout.MUL_IR);
            NDList normed = instanceNorm != null
                    ? instanceNorm.forward(ps, new NDList(out, graph.graphIndex, graph.nodeCounts), training)
                    : featureBatchNorm.forward(ps, new NDList(out), training);
            out = normed.singletonOrThrow();
            nodes = Layout.MUL_IR;
        }
        return nodes.convert(out, hidden, layout);
    }

    /**
     * Returns {@code [h_i | h_j | e_ij]} of every edge, the first message product's input: where the
     * product's kernel merges exactly {@code [h_i | h_j]} of each hidden block, the node blocks with
     * the pair gather ({@link Features#pairs}), from which the kernel applies its weights on the
     * nodes and never forms the edge operands; otherwise column pieces gathered to the edges.
     */
    private Features messageInput(NDArray x, Layout nodes, GraphContext graph) {
        if (pairedMessageInput && nodes == Layout.IR_MUL) {
            NDList gathers = new NDList(hidden.size());
            for (MulIrrep b : hidden.blocks()) {
                gathers.add(graph.pairGather(b.irrep().dim()));
            }
            return Features.pairs(Partition.bySizes(x, 1, hiddenBlockDims), gathers,
                    graph.hasEdgeScalars() ? graph.edgeScalars : null);
        }
        NDList z = new NDList(Rows.gather(x, graph.target), Rows.gather(x, graph.source));
        if (graph.hasEdgeScalars()) {
            z.add(graph.edgeScalars);
        }
        return Features.pieces(z, nodes);
    }

    /**
     * Returns {@code m_i = sum_j m_ij} (of the normalized messages with the batch norm) as pieces in
     * the nodes' layout.
     */
    private NDList aggregate(ParameterStore ps, Features m, Layout nodes, GraphContext graph, boolean training) {
        if (messageBatchNorm != null) {
            NDArray messages = nodes.convert(NDArrays.concat(m.pieces(), 1), hidden, Layout.MUL_IR);
            NDArray normed = messageBatchNorm.forward(ps, new NDList(messages), training).singletonOrThrow();
            return new NDList(graph.toNodes.sum(Layout.MUL_IR.convert(normed, hidden, nodes)));
        }
        NDList sums = new NDList(m.pieces().size());
        for (NDArray piece : m.pieces()) {
            sums.add(graph.toNodes.sum(piece));
        }
        return sums;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long e = inputShapes[GraphBatch.EDGE_ATTR].get(0);
        message1.initialize(manager, dataType, new Shape(e, message1.getTensorProduct().getIrrepsIn1().dim()),
                new Shape(e, edgeAttr.dim()));
        message2.initialize(manager, dataType, new Shape(e, hidden.dim()), new Shape(e, edgeAttr.dim()));
        update1.initialize(manager, dataType, new Shape(n, 2L * hidden.dim()), new Shape(n, nodeAttr.dim()));
        update2.initialize(manager, dataType, new Shape(n, hidden.dim()), new Shape(n, nodeAttr.dim()));
        Shape h = new Shape(n, hidden.dim());
        if (instanceNorm != null) {
            instanceNorm.initialize(manager, dataType, h, inputShapes[GraphBatch.GRAPH_INDEX],
                    inputShapes[GraphBatch.NODE_COUNTS]);
        }
        if (featureBatchNorm != null) {
            featureBatchNorm.initialize(manager, dataType, h);
            messageBatchNorm.initialize(manager, dataType, new Shape(e, hidden.dim()));
        }
    }

    /**
     * Returns the feature normalization.
     *
     * @return the norm
     */
    public FeatureNorm getNorm() {
        return norm;
    }

    /**
     * Returns the instance norm, or null.
     *
     * @return the instance norm
     */
    public InstanceNorm getInstanceNorm() {
        return instanceNorm;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Builder of {@link SegnnLayer}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private FeatureNorm norm = FeatureNorm.NONE;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the feature normalization; default {@link FeatureNorm#NONE}.
         *
         * @param norm the normalization
         * @return this Builder
         */
        public Builder optNorm(FeatureNorm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         */
        public SegnnLayer build() {
            validate("SegnnLayer");
            return new SegnnLayer(this);
        }
    }
}
