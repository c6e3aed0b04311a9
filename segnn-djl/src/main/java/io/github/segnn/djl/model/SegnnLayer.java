// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import io.github.segnn.djl.nn.EquivariantBatchNorm;
import io.github.segnn.djl.nn.InstanceNorm;
import io.github.segnn.djl.nn.O3SwishGateTensorProduct;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.ops.Layout;
import io.github.segnn.djl.ops.Partition;
import io.github.segnn.djl.ops.Rows;
import io.github.segnn.djl.ops.Scatter;
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
 * <p>Inputs: the {@link GraphInputs} NDList with {@code x} of the hidden irreps; output:
 * {@code [h (N, hidden.dim)]}. Children {@code message1, message2, update1, update2} correspond to the
 * official {@code message_layer_1/2, update_layer_1/2}. Build with {@link #builder()}.
 */
public class SegnnLayer extends AbstractBlock implements EquivariantBlock, MessagePassing {

    private static final byte VERSION = 1;

    private final Irreps hidden;
    private final Irreps edgeAttr;
    private final Irreps nodeAttr;
    private final int edgeScalars;
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
    private final String name;

    SegnnLayer(Builder b) {
        super(VERSION);
        hidden = b.hidden;
        edgeAttr = b.edgeAttr;
        nodeAttr = b.nodeAttr;
        edgeScalars = b.edgeScalars;
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
        pairedMessageInput = blockForBlock && pairsEachBlock(message1.getTensorProduct().getKernel().inputGroups(),
                messageIn, extra);
        name = "SegnnLayer(" + hidden + ", norm " + norm + ")";
        inputNames = List.of("x", "nodeAttr", "edgeAttr", "edgeScalars", "edgeIndex", "graphIndex", "nodeCounts");
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
     * that {@link Rows#gatherPairs} can give each operand directly. A block of multiplicity 0, or
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

    /** Whether the first message product takes {@code [h_i | h_j]} block by block from {@link Rows#gatherPairs}. */
    boolean gathersPairs() {
        return pairedMessageInput;
    }

    /**
     * Returns the hidden irreps.
     *
     * @return the hidden irreps
     */
    public Irreps getHiddenIrreps() {
        return hidden;
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
    public Layout nodeLayout() {
        return irMulNodes;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray apply(ParameterStore ps, NDArray h, Layout layout, NDArray nodeAttr, NDArray edgeAttr,
            NDArray edgeScalars, NDArray source, NDArray target, Scatter toNodes, NDArray graphIndex,
            NDArray nodeCounts, boolean training) {
        // the layer works in the kernel's IR_MUL layout where its products read [h_i | h_j | e_ij]
        // and [h | m_i] block for block; otherwise (simplify merged blocks of h) in e3nn's layout
        Layout nodes = layout == Layout.IR_MUL ? irMulNodes : Layout.MUL_IR;
        NDArray x = layout.convert(h, hidden, nodes);
        // the gated outputs travel as column pieces (scalars, then each gated block) into the next
        // product, which takes pieces: no concatenation that the next product would cut again;
        // between two products the blocks stay in the kernel's IR_MUL layout (no transposing copies)
        Layout between = Layout.between(message1.getIrrepsOut(), message2.getTensorProduct().getIrrepsIn1());
        NDList m1;
        if (pairedMessageInput && nodes == Layout.IR_MUL) {
            // each operand of the first product, [h_i | h_j] of one hidden block (and the edge scalars
            // with the scalars), by one row gather: no per-side gathers joined per block
            NDArray pairs = NDArrays.stack(new NDList(target, source), 1);
            NDList blocks = Partition.bySizes(x, 1, hiddenBlockDims);
            NDList groups = new NDList(blocks.size());
            for (int b = 0; b < blocks.size(); b++) {
                NDArray g = Rows.gatherPairs(blocks.get(b), pairs, hidden.get(b).irrep().dim());
                groups.add(b == edgeScalarGroup && edgeScalars.getShape().get(1) > 0 ? g.concat(edgeScalars, 1) : g);
            }
            m1 = message1.applyGroupPieces(ps, groups, edgeAttr, training, between);
        } else {
            NDList z = new NDList(Rows.gather(x, target), Rows.gather(x, source));
            if (edgeScalars.getShape().get(1) > 0) {
                z.add(edgeScalars);
            }
            m1 = message1.applyPieces(ps, z, nodes, edgeAttr, training, between);
        }
        NDList m = message2.applyPieces(ps, m1, between, edgeAttr, training, nodes);
        NDList updateIn = new NDList(x);
        if (messageBatchNorm != null) {
            NDArray messages = nodes.convert(NDArrays.concat(m, 1), hidden, Layout.MUL_IR);
            NDArray normed = messageBatchNorm.apply(ps, messages, training);
            updateIn.add(toNodes.sum(Layout.MUL_IR.convert(normed, hidden, nodes)));
        } else {
            for (NDArray piece : m) {
                updateIn.add(toNodes.sum(piece));
            }
        }
        between = Layout.between(update1.getIrrepsOut(), update2.getIrrepsIn1());
        NDList u1 = update1.applyPieces(ps, updateIn, nodes, nodeAttr, training, between);
        NDArray out = x.add(update2.apply(ps, u1, between, nodeAttr, training, nodes));
        if (instanceNorm != null || featureBatchNorm != null) {
            out = nodes.convert(out, hidden, Layout.MUL_IR);
            out = instanceNorm != null ? instanceNorm.apply(ps, out, graphIndex, nodeCounts, training)
                    : featureBatchNorm.apply(ps, out, training);
            nodes = Layout.MUL_IR;
        }
        return nodes.convert(out, hidden, layout);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        GraphInputs.validate(name, inputs, hidden, nodeAttr, edgeAttr, edgeScalars);
        NDArray ei = inputs.get(GraphInputs.EDGE_INDEX).toType(DataType.INT64, false);
        NDArray source = ei.get(0);
        NDArray target = ei.get(1);
        NDArray h = inputs.get(GraphInputs.X);
        Scatter toNodes = Scatter.of(target, h.getShape().get(0), h.getDataType());
        return new NDList(apply(ps, h, Layout.MUL_IR, inputs.get(GraphInputs.NODE_ATTR),
                inputs.get(GraphInputs.EDGE_ATTR), inputs.get(GraphInputs.EDGE_SCALARS), source, target, toNodes,
                inputs.get(GraphInputs.GRAPH_INDEX), inputs.get(GraphInputs.NODE_COUNTS), training));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long e = inputShapes[GraphInputs.EDGE_ATTR].get(0);
        message1.initialize(manager, dataType, new Shape(e, message1.getTensorProduct().getIrrepsIn1().dim()),
                new Shape(e, edgeAttr.dim()));
        message2.initialize(manager, dataType, new Shape(e, hidden.dim()), new Shape(e, edgeAttr.dim()));
        update1.initialize(manager, dataType, new Shape(n, 2L * hidden.dim()), new Shape(n, nodeAttr.dim()));
        update2.initialize(manager, dataType, new Shape(n, hidden.dim()), new Shape(n, nodeAttr.dim()));
        Shape h = new Shape(n, hidden.dim());
        if (instanceNorm != null) {
            instanceNorm.initialize(manager, dataType, h, inputShapes[GraphInputs.GRAPH_INDEX],
                    inputShapes[GraphInputs.NODE_COUNTS]);
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

    /** Builder of {@link SegnnLayer}. */
    public static final class Builder {
        private Irreps hidden;
        private Irreps edgeAttr;
        private Irreps nodeAttr;
        private int edgeScalars;
        private FeatureNorm norm = FeatureNorm.NONE;

        Builder() {}

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
         * Sets the hidden irreps (required).
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
         * Sets the node attribute irreps (required).
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
         * Builds the layer.
         *
         * @return the layer
         */
        public SegnnLayer build() {
            if (hidden == null || edgeAttr == null || nodeAttr == null) {
                throw new IllegalArgumentException("SegnnLayer needs hidden, edge attribute and node attribute irreps");
            }
            if (edgeScalars < 0) {
                throw new IllegalArgumentException("SegnnLayer: edgeScalars must be >= 0, got " + edgeScalars);
            }
            return new SegnnLayer(this);
        }
    }
}
