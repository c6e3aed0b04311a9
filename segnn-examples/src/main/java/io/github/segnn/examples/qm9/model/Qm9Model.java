// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.djl.model.Task;
import java.util.List;

/**
 * A QM9 property model: {@code Qm9Featurizer} followed by a graph-task {@link Segnn} with one
 * scalar output per molecule (the standardized target, {@code (y - mean) / MAD}).
 *
 * <ul>
 *   <li>Inputs (a {@link Qm9Graphs#batch}): {@code pos (N, 3)}, {@code x (N, 5)}, {@code edgeIndex
 *       (2, E)}, {@code graphIndex (N,)}, {@code nodeCounts (G,)}.
 *   <li>Output: {@code (G, 1)}.
 * </ul>
 */
public class Qm9Model extends AbstractBlock implements EquivariantBlock {

    private static final byte VERSION = 1;

    private final Qm9ModelConfig config;
    private final Qm9Featurizer featurizer;
    private final Segnn network;

    /**
     * Creates the model.
     *
     * @param config the settings; the hidden irreps are {@link Qm9ModelConfig#hiddenIrreps()}
     */
    public Qm9Model(Qm9ModelConfig config) {
        this(config, config.hiddenIrreps());
    }

    /**
     * Creates the model with explicit hidden irreps instead of the weight-balanced ones of {@code
     * config.hiddenFeatures()} (for small test models and ablations).
     *
     * @param config the settings
     * @param hidden the hidden irreps
     */
    public Qm9Model(Qm9ModelConfig config, Irreps hidden) {
        super(VERSION);
        this.config = config;
        featurizer = new Qm9Featurizer(config.lmaxAttr());
        Irreps attr = featurizer.attributeIrreps();
        network = addChildBlock("segnn", Segnn.builder().setInputIrreps(Qm9Graphs.INPUT_IRREPS)
                .setHiddenIrreps(hidden).setOutputIrreps(Irreps.parse("1x0e")).setNodeAttrIrreps(attr)
                .setEdgeAttrIrreps(attr).optEdgeScalars(1).optNumLayers(config.layers()).optTask(Task.GRAPH)
                .optPooling(config.pooling()).optNorm(config.norm()).build());
        inputNames = GraphBatch.NAMES;
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public Qm9ModelConfig getConfig() {
        return config;
    }

    /**
     * Returns the graph network.
     *
     * @return the SEGNN
     */
    public Segnn getNetwork() {
        return network;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != GraphBatch.FIRST_EXTRA) {
            throw new IllegalArgumentException("Qm9Model expects a GraphBatch of " + GraphBatch.FIRST_EXTRA
                    + " arrays (positions, one-hot nodeFeatures, edgeIndex, graphIndex, nodeCounts and the empty"
                    + " featurized slots; see Qm9Dataset), got " + inputs.size());
        }
        NDArray pos = inputs.get(GraphBatch.POSITIONS);
        NDList features = featurizer.featurize(pos, inputs.get(GraphBatch.NODE_FEATURES), inputs.get(GraphBatch.EDGE_INDEX),
                inputs.get(GraphBatch.GRAPH_INDEX), inputs.get(GraphBatch.NODE_COUNTS));
        return network.forward(ps, features, training);
    }

    /**
     * Returns the input shapes of a batch ({@link GraphBatch} layout, featurized slots empty).
     *
     * @param atoms atoms in all ({@code N})
     * @param edges edges in all ({@code E})
     * @param molecules molecules ({@code G})
     * @return the shapes
     */
    public static Shape[] inputShapes(long atoms, long edges, long molecules) {
        return new Shape[] {new Shape(atoms, 3), new Shape(atoms, Qm9Graphs.ELEMENTS), new Shape(2, edges),
            new Shape(atoms), new Shape(molecules), new Shape(atoms, 0), new Shape(edges, 0), new Shape(edges, 0)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[GraphBatch.POSITIONS].get(0);
        long e = inputShapes[GraphBatch.EDGE_INDEX].get(1);
        long g = inputShapes[GraphBatch.NODE_COUNTS].get(0);
        int attr = featurizer.attributeIrreps().dim();
        network.initialize(manager, dataType, inputShapes[0], new Shape(n, Qm9Graphs.ELEMENTS), new Shape(2, e),
                new Shape(n), new Shape(g), new Shape(n, attr), new Shape(e, attr), new Shape(e, 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[GraphBatch.NODE_COUNTS].get(0), 1)};
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphBatch.featureSlots(Qm9Graphs.INPUT_IRREPS, Irreps.empty(), Irreps.empty(), 0);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.graphIrreps(Irreps.parse("1x0e")));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Qm9Model(" + config + ", " + network + ")";
    }
}
