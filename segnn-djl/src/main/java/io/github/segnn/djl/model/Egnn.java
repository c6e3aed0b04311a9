// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphChecks;
import io.github.segnn.djl.internal.Checks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The E(n)-equivariant graph network of Satorras, Hoogeboom and Welling (2021) in its N-body form
 * ({@code EGNN_vel} of the official {@code vgsatorras/egnn}, {@code n_body_system/model.py}): a
 * linear embedding of invariant node features, then {@link EgnnLayer}s that update features and
 * positions, returning the final positions.
 *
 * <p>Input: a {@link GraphBatch} NDList with
 *
 * <ul>
 *   <li>{@code nodeFeatures (N, Fin)} invariant node features {@code h} (N-body: {@code |v_i|}, so
 *       {@code Fin = 1}), irreps {@code Fin x0e};
 *   <li>{@code positions (N, 3)} {@code x};
 *   <li>{@code nodeAttr (N, 3)} the velocities {@code v}, irreps {@code 1x1o};
 *   <li>{@code edgeIndex (2, E)}: row 0 = source {@code j}, row 1 = target {@code i} (N-body: the
 *       fully connected graph of {@link io.github.segnn.djl.graph.Graphs});
 *   <li>{@code edgeAttr (E, k)} invariant edge features, irreps {@code kx0e} (official N-body:
 *       {@code k = 2}, {@code [q_i q_j, |x_i - x_j|^2]} of the input positions);
 *   <li>{@code edgeScalars (E, 0)}; the graph index, node counts and extras are not read.
 * </ul>
 *
 * <p>Output: {@code [x' (N, 3)]}, the predicted positions.
 *
 * <p>Defaults are the official N-body settings ({@code main_nbody.py}, model {@code egnn_vel}):
 * hidden 64, 4 layers, SiLU, {@code recurrent=True}, {@code coords_weight=1.0}, no attention, no
 * {@code tanh}, {@code norm_diff=False}. Children, in order: {@code embedding} (DJL {@link Linear},
 * PyTorch initialization), then {@code layer0 ... layer{L-1}}.
 *
 * <p>By default the forward pass checks that the positions hold no NaN or infinity (one boolean
 * copied to the host); {@code optCheckFinitePositions(false)} skips it. Build with
 * {@link #builder()}.
 */
public class Egnn extends AbstractBlock implements EquivariantBlock {

    private static final byte VERSION = 1;

    private final int nodeFeatures;
    private final int edgeFeatures;
    private final int hidden;
    private final int numLayers;
    private final boolean checkFinitePositions;
    private final String name;
    private final Linear embedding;
    private final List<EgnnLayer> layers;

    /**
     * Creates the model from its builder.
     *
     * @param builder the builder
     */
    protected Egnn(Builder builder) {
        super(VERSION);
        nodeFeatures = builder.nodeFeatures;
        edgeFeatures = builder.edgeFeatures;
        hidden = builder.hidden;
        numLayers = builder.numLayers;
        checkFinitePositions = builder.checkFinitePositions;
        name = "Egnn(" + nodeFeatures + " node features, " + edgeFeatures + " edge features, hidden " + hidden + ", "
                + numLayers + " layers)";
        embedding = addChildBlock("embedding", EgnnLayer.linear(hidden, nodeFeatures, true));
        List<EgnnLayer> list = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            list.add(addChildBlock("layer" + l, EgnnLayer.builder().setHiddenFeatures(hidden)
                    .setEdgeFeatures(edgeFeatures).optCoordsWeight(builder.coordsWeight).optRecurrent(builder.recurrent)
                    .optCoordinateClamp(builder.coordinateClamp).build()));
        }
        layers = List.copyOf(list);
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
     * Returns the layers.
     *
     * @return the layers, in order
     */
    public List<EgnnLayer> getLayers() {
        return layers;
    }

    /**
     * Returns the embedding of the node features.
     *
     * @return the Linear block {@code Fin -> H}
     */
    public Linear getEmbedding() {
        return embedding;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        GraphBatch g = EgnnLayer.checkInputs(name, inputs, nodeFeatures, edgeFeatures);
        NDArray h = g.nodeFeatures();
        NDArray x = g.positions();
        NDArray v = g.nodeAttr();
        NDArray edgeIndex = g.edgeIndex();
        NDArray edgeAttr = g.edgeAttr();
        GraphChecks.check(this, name, x, edgeIndex, g.graphIndex(), g.nodeCounts());
        if (checkFinitePositions) {
            Checks.finite(name, "positions", x);
        }
        NDArray hh = embedding.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray xx = x;
        for (EgnnLayer layer : layers) {
            NDArray[] out = layer.apply(ps, hh, xx, v, edgeIndex, edgeAttr, training);
            hh = out[0];
            xx = out[1];
        }
        return new NDList(xx);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphBatch.featureSlots(Irreps.parse(nodeFeatures + "x0e"), Irreps.parse("1x1o"),
                edgeFeatures == 0 ? Irreps.empty() : Irreps.parse(edgeFeatures + "x0e"), 0);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.positions());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[GraphBatch.POSITIONS].get(0), 3)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes.length < GraphBatch.FIRST_EXTRA) {
            throw new IllegalArgumentException(name + " is initialized with the " + GraphBatch.FIRST_EXTRA
                    + " shapes of a GraphBatch " + GraphBatch.NAMES + ", got " + inputShapes.length);
        }
        Shape features = inputShapes[GraphBatch.NODE_FEATURES];
        embedding.initialize(manager, dataType, features);
        Shape hShape = new Shape(features.get(0), hidden);
        Shape[] layerShapes = inputShapes.clone();
        layerShapes[GraphBatch.NODE_FEATURES] = hShape;
        for (EgnnLayer layer : layers) {
            layer.initialize(manager, dataType, layerShapes);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        os.writeInt(nodeFeatures);
        os.writeInt(edgeFeatures);
        os.writeInt(hidden);
        os.writeInt(numLayers);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(name + ": unsupported encoding version " + loadVersion + " (this code reads "
                    + VERSION + ")");
        }
        int f = is.readInt();
        int k = is.readInt();
        int h = is.readInt();
        int l = is.readInt();
        if (f != nodeFeatures || k != edgeFeatures || h != hidden || l != numLayers) {
            throw new MalformedModelException("the parameters were saved from Egnn(" + f + " node features, " + k
                    + " edge features, hidden " + h + ", " + l + " layers) and cannot be loaded into " + name);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Builder of {@link Egnn}. */
    public static final class Builder {
        private int nodeFeatures;
        private int edgeFeatures = -1;
        private int hidden = 64;
        private int numLayers = 4;
        private double coordsWeight = 1.0;
        private boolean recurrent = true;
        private double coordinateClamp = 100;
        private boolean checkFinitePositions = true;

        Builder() {}

        /**
         * Sets the number of invariant input node features {@code Fin} (required; N-body: 1).
         *
         * @param nodeFeatures at least 1
         * @return this Builder
         */
        public Builder setNodeFeatures(int nodeFeatures) {
            this.nodeFeatures = nodeFeatures;
            return this;
        }

        /**
         * Sets the number of invariant edge features {@code k} (required; official N-body: 2).
         *
         * @param edgeFeatures at least 0
         * @return this Builder
         */
        public Builder setEdgeFeatures(int edgeFeatures) {
            this.edgeFeatures = edgeFeatures;
            return this;
        }

        /**
         * Sets the number of hidden features; default 64.
         *
         * @param hidden at least 1
         * @return this Builder
         */
        public Builder optHiddenFeatures(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * Sets the number of layers; default 4.
         *
         * @param numLayers at least 1
         * @return this Builder
         */
        public Builder optNumLayers(int numLayers) {
            this.numLayers = numLayers;
            return this;
        }

        /**
         * Sets the factor of the coordinate update in every layer; default 1.0.
         *
         * @param coordsWeight the factor
         * @return this Builder
         */
        public Builder optCoordsWeight(double coordsWeight) {
            this.coordsWeight = coordsWeight;
            return this;
        }

        /**
         * Sets whether node updates are residual; default true.
         *
         * @param recurrent whether to add the input
         * @return this Builder
         */
        public Builder optRecurrent(boolean recurrent) {
            this.recurrent = recurrent;
            return this;
        }

        /**
         * Sets the clamp of coordinate messages; default 100 (see {@link EgnnLayer}).
         *
         * @param coordinateClamp a positive bound, or infinity for none
         * @return this Builder
         */
        public Builder optCoordinateClamp(double coordinateClamp) {
            this.coordinateClamp = coordinateClamp;
            return this;
        }

        /**
         * Sets whether the forward pass refuses NaN or infinite positions; default true.
         *
         * @param check whether to check (one device synchronization per forward pass)
         * @return this Builder
         */
        public Builder optCheckFinitePositions(boolean check) {
            this.checkFinitePositions = check;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         * @throws IllegalArgumentException if a size is missing or out of range
         */
        public Egnn build() {
            if (nodeFeatures < 1) {
                throw new IllegalArgumentException("Egnn needs setNodeFeatures >= 1, got " + nodeFeatures);
            }
            if (edgeFeatures < 0) {
                throw new IllegalArgumentException("Egnn needs setEdgeFeatures >= 0, got " + edgeFeatures);
            }
            if (hidden < 1 || numLayers < 1) {
                throw new IllegalArgumentException("Egnn: hidden features and layers must be >= 1, got " + hidden + " and "
                        + numLayers);
            }
            return new Egnn(this);
        }
    }
}
