// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.nn.ConfiguredBlock;
import io.github.segnn.djl.nn.O3TensorProduct;
import java.util.List;
import java.util.Map;

/**
 * A hidden-to-hidden message-passing layer that {@link Segnn} stacks ({@link SegnnLayer},
 * {@link SeConvLayer}): irreps in = irreps out.
 *
 * <ul>
 *   <li>Input: a featurized {@link GraphBatch} NDList whose {@code nodeFeatures} have the hidden
 *       irreps, {@code nodeAttr} and {@code edgeAttr} the attribute irreps and {@code edgeScalars}
 *       {@code k} columns.
 *   <li>Output: {@code [h (N, hidden.dim)]}.
 * </ul>
 */
public abstract class MessagePassing extends ConfiguredBlock implements EquivariantBlock {

    /** Hidden irreps, in and out. */
    protected final Irreps hidden;
    /** Node attribute irreps. */
    protected final Irreps nodeAttr;
    /** Edge attribute irreps. */
    protected final Irreps edgeAttr;
    /** Number of extra edge scalars. */
    protected final int edgeScalars;

    MessagePassing(byte version, BaseBuilder<?> b) {
        super(version);
        hidden = b.hidden;
        nodeAttr = b.nodeAttr;
        edgeAttr = b.edgeAttr;
        edgeScalars = b.edgeScalars;
    }

    /**
     * Applies the layer to node features in a given layout, returning them in the same layout: a
     * stack of layers keeps its features in the kernel's {@link Layout#IR_MUL} from the embedding
     * to the pooling, with no conversion in between.
     *
     * @param ps the parameter store
     * @param h node features {@code (N, hidden.dim)}
     * @param layout the layout of {@code h} and of the result
     * @param graph the attributes and structure of the batch
     * @param training whether training
     * @return the new node features
     */
    abstract NDArray apply(ParameterStore ps, NDArray h, Layout layout, GraphContext graph, boolean training);

    /**
     * Returns the layout of node features in which the layer runs without converting them (the
     * layout a stack of such layers should keep its features in).
     *
     * @return the layer's own layout; e3nn's unless the layer says otherwise
     */
    Layout nodeLayout() {
        return Layout.MUL_IR;
    }

    /**
     * Returns the layer's tensor products under the official module names relative to the layer
     * (for example {@code message_layer_1}), in module order.
     *
     * @return an ordered map
     */
    public abstract Map<String, O3TensorProduct> namedTensorProducts();

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
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        GraphBatch g = GraphContext.read(toString(), inputs, hidden, nodeAttr, edgeAttr, edgeScalars);
        return new NDList(apply(ps, g.nodeFeatures(), Layout.MUL_IR, new GraphContext(g, g.nodeAttr()), training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[GraphBatch.NODE_FEATURES].get(0), hidden.dim())};
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphBatch.featureSlots(hidden, nodeAttr, edgeAttr, edgeScalars);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.nodeIrreps(hidden));
    }

    /** {@inheritDoc} */
    @Override
    protected String configuration() {
        return toString();
    }

    /**
     * What every message-passing layer's builder sets.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        Irreps hidden;
        Irreps edgeAttr;
        Irreps nodeAttr;
        int edgeScalars;

        BaseBuilder() {}

        abstract T self();

        /**
         * Sets the hidden irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public T setHiddenIrreps(Irreps irreps) {
            hidden = irreps;
            return self();
        }

        /**
         * Sets the edge attribute irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public T setEdgeAttrIrreps(Irreps irreps) {
            edgeAttr = irreps;
            return self();
        }

        /**
         * Sets the node attribute irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public T setNodeAttrIrreps(Irreps irreps) {
            nodeAttr = irreps;
            return self();
        }

        /**
         * Sets the number of extra invariant message features; default 0.
         *
         * @param count the count
         * @return this Builder
         */
        public T optEdgeScalars(int count) {
            edgeScalars = count;
            return self();
        }

        /** Checks the options every layer needs, naming the layer. */
        void validate(String layer) {
            if (hidden == null || edgeAttr == null || nodeAttr == null) {
                throw new IllegalArgumentException(layer + " needs hidden, edge attribute and node attribute irreps");
            }
            if (edgeScalars < 0) {
                throw new IllegalArgumentException(layer + ": edgeScalars must be >= 0, got " + edgeScalars);
            }
        }
    }
}
