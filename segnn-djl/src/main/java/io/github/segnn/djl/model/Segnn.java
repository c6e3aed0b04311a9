// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphChecks;
import io.github.segnn.djl.internal.Features;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.internal.ProductAccess;
import io.github.segnn.djl.nn.ConfiguredBlock;
import io.github.segnn.djl.nn.O3SwishGateTensorProduct;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.ops.Scatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SEGNN model (Brandstetter et al., ICLR 2022) as a DJL Block: embedding, {@code L}
 * {@link SegnnLayer}s and a node head or a pooled graph head (SEGNN-SPEC 5).
 *
 * <ul>
 *   <li>Input: a featurized {@link GraphBatch} NDList: {@code nodeFeatures (N, in.dim)},
 *       {@code nodeAttr (N, nodeAttr.dim)}, {@code edgeAttr (E, edgeAttr.dim)}, {@code edgeScalars
 *       (E, k)}, {@code edgeIndex}, {@code graphIndex}, {@code nodeCounts} (positions and extras
 *       are not read).
 *   <li>Output: {@code (N, out.dim)} for {@link Task#NODE}, {@code (G, out.dim)} for {@link Task#GRAPH}.
 * </ul>
 *
 * <p>As the official code, the {@code 0e} entry of the node attributes is set to 1 before use
 * (without modifying the input; {@link Builder#optNodeAttrScalarOverride(boolean)}). Build with
 * {@link #builder()}; {@link #tensorProducts()} maps the official PyTorch module names to the layers
 * for weight exchange.
 */
public class Segnn extends ConfiguredBlock implements EquivariantBlock {

    private static final byte VERSION = 2;

    private final Irreps in;
    private final Irreps hidden;
    private final Irreps out;
    private final Irreps nodeAttr;
    private final Irreps edgeAttr;
    private final int edgeScalars;
    private final Task task;
    private final Pooling pooling;
    private final boolean overrideScalarAttr;
    private final O3TensorProduct embedding;
    private final Layout nodeLayout;
    private final List<MessagePassing> layers = new ArrayList<>();
    private final O3SwishGateTensorProduct prePool1;
    private final O3TensorProduct prePool2;
    private final O3SwishGateTensorProduct postPool1;
    private final O3TensorProduct postPool2;
    private final String name;

    Segnn(Builder b) {
        super(VERSION);
        in = b.in;
        hidden = b.hidden;
        out = b.out;
        nodeAttr = b.nodeAttr;
        edgeAttr = b.edgeAttr;
        edgeScalars = b.edgeScalars;
        task = b.task;
        pooling = b.pooling;
        overrideScalarAttr = b.overrideScalarAttr && nodeAttr.size() > 0 && nodeAttr.get(0).irrep().isScalar();
        embedding = addChildBlock("embedding", O3TensorProduct.builder().setIrrepsIn1(in).optIrrepsIn2(nodeAttr)
                .setIrrepsOut(hidden).build());
        for (int i = 0; i < b.numLayers; i++) {
            MessagePassing layer;
            if (b.convolution == Convolution.SEGNN) {
                layer = SegnnLayer.builder().setHiddenIrreps(hidden).setEdgeAttrIrreps(edgeAttr)
                        .setNodeAttrIrreps(nodeAttr).optEdgeScalars(edgeScalars).optNorm(b.norm).build();
            } else {
                if (b.norm == FeatureNorm.BATCH) {
                    throw new IllegalArgumentException("Segnn: " + b.convolution + " supports norm NONE or INSTANCE");
                }
                layer = SeConvLayer.builder().setHiddenIrreps(hidden).setEdgeAttrIrreps(edgeAttr)
                        .setNodeAttrIrreps(nodeAttr).optEdgeScalars(edgeScalars)
                        .optLinear(b.convolution == Convolution.SE_LINEAR)
                        .optInstanceNorm(b.norm == FeatureNorm.INSTANCE).build();
            }
            layers.add(addChildBlock("layer" + i, layer));
        }
        // hidden in, hidden out everywhere: the embedding's and the layers' blocks are the pre-pooling's
        nodeLayout = layers.stream().allMatch(l -> l.nodeLayout() == Layout.IR_MUL) ? Layout.IR_MUL : Layout.MUL_IR;
        prePool1 = addChildBlock("prePool1", O3SwishGateTensorProduct.builder().setIrrepsIn1(hidden)
                .optIrrepsIn2(nodeAttr).setIrrepsOut(hidden).build());
        if (task == Task.GRAPH) {
            Irreps pooled = out.repeat(hidden.numIrreps()).simplify().sort().irreps();
            prePool2 = addChildBlock("prePool2", O3TensorProduct.builder().setIrrepsIn1(hidden).optIrrepsIn2(nodeAttr)
                    .setIrrepsOut(pooled).build());
            postPool1 = addChildBlock("postPool1", O3SwishGateTensorProduct.builder().setIrrepsIn1(pooled)
                    .setIrrepsOut(pooled).build());
            postPool2 = addChildBlock("postPool2", O3TensorProduct.builder().setIrrepsIn1(pooled).setIrrepsOut(out)
                    .build());
        } else {
            prePool2 = addChildBlock("prePool2", O3TensorProduct.builder().setIrrepsIn1(hidden).optIrrepsIn2(nodeAttr)
                    .setIrrepsOut(out).build());
            postPool1 = null;
            postPool2 = null;
        }
        name = "Segnn(" + in + " -> " + hidden + " x" + b.numLayers + " -> " + out + ", " + task
                + (task == Task.GRAPH ? " " + pooling + " pooling" : "") + ", node attributes " + nodeAttr
                + (overrideScalarAttr ? " (0e set to 1)" : "") + ", edge attributes " + edgeAttr + ", " + edgeScalars
                + " edge scalars, " + b.convolution + " layers, norm " + b.norm + ")";
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
     * Returns the tensor products under the official PyTorch module names ({@code embedding_layer},
     * {@code layers.k.message_layer_1}, ..., {@code pre_pool1}, {@code pre_pool2},
     * {@code post_pool1}, {@code post_pool2}), in module order.
     *
     * @return an ordered map
     */
    public Map<String, O3TensorProduct> tensorProducts() {
        Map<String, O3TensorProduct> m = new LinkedHashMap<>();
        m.put("embedding_layer", embedding);
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, O3TensorProduct> e : layers.get(i).namedTensorProducts().entrySet()) {
                m.put("layers." + i + "." + e.getKey(), e.getValue());
            }
        }
        m.put("pre_pool1", prePool1.getTensorProduct());
        m.put("pre_pool2", prePool2);
        if (task == Task.GRAPH) {
            m.put("post_pool1", postPool1.getTensorProduct());
            m.put("post_pool2", postPool2);
        }
        return m;
    }

    /**
     * Returns the input irreps.
     *
     * @return the input irreps
     */
    public Irreps getIrrepsIn() {
        return in;
    }

    /**
     * Returns the hidden irreps.
     *
     * @return the hidden irreps
     */
    public Irreps getHiddenIrreps() {
        return hidden;
    }

    /**
     * Returns the output irreps.
     *
     * @return the output irreps
     */
    public Irreps getIrrepsOut() {
        return out;
    }

    /**
     * Returns the node attribute irreps.
     *
     * @return the node attribute irreps
     */
    public Irreps getNodeAttrIrreps() {
        return nodeAttr;
    }

    /**
     * Returns the edge attribute irreps.
     *
     * @return the edge attribute irreps
     */
    public Irreps getEdgeAttrIrreps() {
        return edgeAttr;
    }

    /**
     * Returns the number of extra edge scalars.
     *
     * @return the count
     */
    public int getEdgeScalars() {
        return edgeScalars;
    }

    /**
     * Returns the task.
     *
     * @return the task
     */
    public Task getTask() {
        return task;
    }

    /**
     * Returns the message-passing layers.
     *
     * @return the layers
     */
    public List<MessagePassing> getLayers() {
        return java.util.Collections.unmodifiableList(layers);
    }

    /**
     * Returns the number of layers.
     *
     * @return the layer count
     */
    public int getNumLayers() {
        return layers.size();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        GraphBatch g = GraphContext.read(name, inputs, in, nodeAttr, edgeAttr, edgeScalars);
        NDArray na = g.nodeAttr();
        GraphChecks.check(this, name, g.nodeFeatures(), g.edgeIndex(), g.graphIndex(), g.nodeCounts());
        if (overrideScalarAttr) {
            NDManager m = na.getManager();
            na = m.ones(new Shape(na.getShape().get(0), 1), na.getDataType(), na.getDevice())
                    .concat(na.get(new NDIndex(":, 1:")), 1);
        }
        GraphContext graph = new GraphContext(g, na);
        // node features stay in the layers' layout (the kernel's IR_MUL for SEGNN layers) from the
        // embedding to the pre-pooling products, which take them as they are
        NDArray h = ProductAccess.apply(embedding, ps, Features.of(g.nodeFeatures()), na, training, nodeLayout).join();
        for (MessagePassing layer : layers) {
            h = scoped(layer, ps, h, graph, training);
        }
        // the gated blocks go on in the kernel's IR_MUL layout (see Layout)
        Layout between = Layout.between(prePool1.getIrrepsOut(), prePool2.getIrrepsIn1());
        Features gated = ProductAccess.apply(prePool1, ps, Features.pieces(new NDList(h), nodeLayout), na, training,
                between);
        h = ProductAccess.apply(prePool2, ps, gated, na, training, Layout.MUL_IR).join();
        if (task == Task.GRAPH) {
            Scatter toGraphs = Scatter.of(g.graphIndex(), g.numGraphs(), h.getDataType());
            h = pooling == Pooling.AVG ? toGraphs.mean(h) : toGraphs.sum(h);
            between = Layout.between(postPool1.getIrrepsOut(), postPool2.getIrrepsIn1());
            gated = ProductAccess.apply(postPool1, ps, Features.of(h), null, training, between);
            h = ProductAccess.apply(postPool2, ps, gated, null, training, Layout.MUL_IR).join();
        }
        return new NDList(h);
    }

    /**
     * Applies one layer inside an {@link NDScope} that closes, when the layer is done, every array the
     * layer made except its output. Autograd keeps its own references to what the backward pass needs,
     * so only the temporaries that nothing needs are freed: without the scope every intermediate of
     * every layer stays alive until the batch's manager closes, after the backward pass (at QM9 size
     * most of the step's peak memory). Shared arrays made lazily inside (the kernels' constants, the
     * graph's pairs, the cached scalars) take themselves out of the scope; the parameter store's
     * per-device copies, made on first use, are made before the scope opens.
     */
    private NDArray scoped(MessagePassing layer, ParameterStore ps, NDArray h, GraphContext graph, boolean training) {
        for (Pair<String, Parameter> p : layer.getParameters()) {
            ps.getValue(p.getValue(), h.getDevice(), training);
        }
        try (NDScope scope = new NDScope()) {
            NDArray out = layer.apply(ps, h, nodeLayout, graph, training);
            NDScope.unregister(out);
            return out;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[GraphBatch.NODE_FEATURES].get(0);
        Shape attr = new Shape(n, nodeAttr.dim());
        embedding.initialize(manager, dataType, inputShapes[GraphBatch.NODE_FEATURES], attr);
        Shape[] layerShapes = inputShapes.clone();
        layerShapes[GraphBatch.NODE_FEATURES] = new Shape(n, hidden.dim());
        for (MessagePassing layer : layers) {
            layer.initialize(manager, dataType, layerShapes);
        }
        prePool1.initialize(manager, dataType, new Shape(n, hidden.dim()), attr);
        prePool2.initialize(manager, dataType, new Shape(n, hidden.dim()), attr);
        if (task == Task.GRAPH) {
            long g = inputShapes[GraphBatch.NODE_COUNTS].get(0);
            postPool1.initialize(manager, dataType, new Shape(g, prePool2.getIrrepsOut().dim()));
            postPool2.initialize(manager, dataType, new Shape(g, prePool2.getIrrepsOut().dim()));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long rows = task == Task.GRAPH ? inputShapes[GraphBatch.NODE_COUNTS].get(0)
                : inputShapes[GraphBatch.NODE_FEATURES].get(0);
        return new Shape[] {new Shape(rows, out.dim())};
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphBatch.featureSlots(in, nodeAttr, edgeAttr, edgeScalars);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(task == Task.GRAPH ? FeatureSlot.graphIrreps(out) : FeatureSlot.nodeIrreps(out));
    }

    /** {@inheritDoc} */
    @Override
    protected String configuration() {
        return name;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Builder of {@link Segnn}. */
    public static final class Builder {
        private Irreps in;
        private Irreps hidden;
        private Irreps out;
        private Irreps nodeAttr;
        private Irreps edgeAttr;
        private int edgeScalars;
        private int numLayers = 4;
        private Task task = Task.NODE;
        private Pooling pooling = Pooling.AVG;
        private boolean overrideScalarAttr = true;
        private FeatureNorm norm = FeatureNorm.NONE;
        private Convolution convolution = Convolution.SEGNN;

        Builder() {}

        /**
         * Sets the message-passing layer; default {@link Convolution#SEGNN}.
         *
         * @param convolution the layer type
         * @return this Builder
         */
        public Builder optConvolution(Convolution convolution) {
            this.convolution = convolution;
            return this;
        }

        /**
         * Sets the feature normalization of the layers; default {@link FeatureNorm#NONE}.
         *
         * @param norm the normalization
         * @return this Builder
         */
        public Builder optNorm(FeatureNorm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Sets the input node feature irreps (required).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setInputIrreps(Irreps irreps) {
            in = irreps;
            return this;
        }

        /**
         * Sets the hidden irreps (required), for example {@code 32x0e+32x1o}.
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setHiddenIrreps(Irreps irreps) {
            hidden = irreps;
            return this;
        }

        /**
         * Sets the output irreps (required), for example {@code 1x1o} or {@code 1x0e}.
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public Builder setOutputIrreps(Irreps irreps) {
            out = irreps;
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
         * Sets the number of message-passing layers; default 4.
         *
         * @param layers the count
         * @return this Builder
         */
        public Builder optNumLayers(int layers) {
            numLayers = layers;
            return this;
        }

        /**
         * Sets the task; default {@link Task#NODE}.
         *
         * @param task the task
         * @return this Builder
         */
        public Builder optTask(Task task) {
            this.task = task;
            return this;
        }

        /**
         * Sets the pooling of the graph head; default {@link Pooling#AVG}.
         *
         * @param pooling the pooling
         * @return this Builder
         */
        public Builder optPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /**
         * Sets whether the {@code 0e} node attribute is replaced by 1 (the official
         * {@code catch_isolated_nodes}); default true.
         *
         * @param override whether to override
         * @return this Builder
         */
        public Builder optNodeAttrScalarOverride(boolean override) {
            overrideScalarAttr = override;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         */
        public Segnn build() {
            if (in == null || hidden == null || out == null || nodeAttr == null || edgeAttr == null) {
                throw new IllegalArgumentException(
                        "Segnn needs input, hidden, output, node attribute and edge attribute irreps");
            }
            if (numLayers < 0 || edgeScalars < 0) {
                throw new IllegalArgumentException("Segnn: numLayers and edgeScalars must be >= 0, got " + numLayers
                        + " and " + edgeScalars);
            }
            return new Segnn(this);
        }
    }
}
