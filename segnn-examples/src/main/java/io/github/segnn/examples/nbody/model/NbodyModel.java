// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.WeightBalancedIrreps;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphChecks;
import io.github.segnn.djl.internal.GraphCheckScope;
import io.github.segnn.djl.model.Convolution;
import io.github.segnn.djl.model.Egnn;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import java.util.List;

/**
 * An N-body predictor: the {@code NbodyFeaturizer} followed by a graph network, predicting the
 * positions 1000 steps ahead as {@code p + network output} (charged, SEGNN-SPEC 5), or the target
 * as the network output itself (gravity, ADDENDUM 2: "prediction is direct").
 *
 * <ul>
 *   <li>Input: a {@link GraphBatch} NDList ({@link NbodyDataset}'s records and batches):
 *       {@code positions (N, 3)}, {@code nodeFeatures (N, 0)}, {@code edgeIndex (2, E)},
 *       {@code graphIndex (N,)}, {@code nodeCounts (G,)}, node extras {@code velocities (N, 3)}
 *       and {@code charges (N, 1)} (the masses for gravity).
 *   <li>Output: predicted positions {@code (N, 3)} (residual; equivariant as positions), or the
 *       direct prediction {@code (N, 3)}, irreps {@code 1x1o} (a translation-invariant vector).
 * </ul>
 */
public class NbodyModel extends AbstractBlock implements EquivariantBlock {

    private static final byte VERSION = 1;

    private final NbodyArchitecture architecture;
    private final boolean residual;
    private final NbodyFeaturizer featurizer;
    private final Segnn network;
    private final Egnn egnn;

    /**
     * Creates the charged model, which predicts {@code p + network output}.
     *
     * @param architecture the architecture and its paper sizes
     * @param centring how positions are centred
     */
    public NbodyModel(NbodyArchitecture architecture, Centring centring) {
        this(architecture, centring, true);
    }

    /**
     * Creates the model.
     *
     * @param architecture the architecture and its paper sizes
     * @param centring how positions are centred
     * @param residual whether to add the input positions to the network output (charged) or return the
     *     output as it is (gravity); EGNN needs {@code true}
     */
    public NbodyModel(NbodyArchitecture architecture, Centring centring, boolean residual) {
        super(VERSION);
        if (!residual && architecture == NbodyArchitecture.EGNN) {
            throw new IllegalArgumentException("EGNN predicts positions; it has no direct-output variant");
        }
        this.architecture = architecture;
        this.residual = residual;
        featurizer = new NbodyFeaturizer(1, architecture.velocityAttribute(), centring);
        if (architecture == NbodyArchitecture.EGNN) {
            network = null;
            egnn = addChildBlock("egnn", Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2)
                    .optHiddenFeatures(architecture.hiddenFeatures()).optNumLayers(4).build());
        } else {
            Irreps attr = featurizer.attributeIrreps();
            Irreps hidden = WeightBalancedIrreps.of(Irreps.parse(architecture.hiddenFeatures() + "x0e"), attr, true, 1);
            boolean se = architecture == NbodyArchitecture.SE_LINEAR || architecture == NbodyArchitecture.SE_NONLINEAR;
            network = addChildBlock("segnn", Segnn.builder().setInputIrreps(NbodyFeaturizer.INPUT_IRREPS)
                    .setHiddenIrreps(hidden).setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(attr)
                    .setEdgeAttrIrreps(attr).optEdgeScalars(2).optNumLayers(4)
                    .optConvolution(architecture == NbodyArchitecture.SE_LINEAR ? Convolution.SE_LINEAR
                            : architecture == NbodyArchitecture.SE_NONLINEAR ? Convolution.SE_NONLINEAR
                            : Convolution.SEGNN)
                    .optNorm(se ? FeatureNorm.INSTANCE : FeatureNorm.NONE).build());
            egnn = null;
        }
        inputNames = List.of("positions", "nodeFeatures", "edgeIndex", "graphIndex", "nodeCounts",
                "node:" + NbodyDataset.VELOCITIES, "node:" + NbodyDataset.CHARGES);
    }

    /**
     * Returns the architecture.
     *
     * @return the architecture
     */
    public NbodyArchitecture getArchitecture() {
        return architecture;
    }

    /**
     * Returns the SEGNN or SE network (null for EGNN).
     *
     * @return the network
     */
    public Segnn getNetwork() {
        return network;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != GraphBatch.FIRST_EXTRA + 2) {
            throw new IllegalArgumentException("NbodyModel expects a graph batch of " + (GraphBatch.FIRST_EXTRA + 2)
                    + " arrays (the GraphBatch slots, then node:velocities and node:charges; see NbodyDataset), got "
                    + inputs.size());
        }
        NDArray pos = inputs.get(GraphBatch.POSITIONS);
        NDArray vel = extra(inputs, NbodyDataset.VELOCITIES, GraphBatch.FIRST_EXTRA);
        NDArray q = extra(inputs, NbodyDataset.CHARGES, GraphBatch.FIRST_EXTRA + 1);
        NDArray edgeIndex = inputs.get(GraphBatch.EDGE_INDEX);
        GraphChecks.check(this, "NbodyModel", pos, edgeIndex, inputs.get(GraphBatch.GRAPH_INDEX),
                inputs.get(GraphBatch.NODE_COUNTS));
        if (egnn != null) {
            NDArray ei = edgeIndex.toType(DataType.INT64, false);
            NDArray rel = pos.get(ei.get(0)).sub(pos.get(ei.get(1)));
            NDArray edgeAttr = q.get(ei.get(0)).mul(q.get(ei.get(1)))
                    .concat(rel.square().sum(new int[] {1}, true), 1);
            NDArray speed = vel.square().sum(new int[] {1}, true).sqrt();
            NDList graph = GraphBatch.builder().setPositions(pos).setNodeFeatures(speed).setEdgeIndex(ei)
                    .optGraphs(inputs.get(GraphBatch.GRAPH_INDEX), inputs.get(GraphBatch.NODE_COUNTS)).optNodeAttr(vel)
                    .optEdgeAttr(edgeAttr).optValidateValues(false).build().toNDList();
            return GraphCheckScope.alreadyChecked(() -> egnn.forward(ps, graph, training));
        }
        NDList features = featurizer.featurize(pos, vel, q, edgeIndex, inputs.get(GraphBatch.GRAPH_INDEX),
                inputs.get(GraphBatch.NODE_COUNTS));
        // the graph was checked above; the network reads the same index arrays
        NDArray out = GraphCheckScope.alreadyChecked(() -> network.forward(ps, features, training)).singletonOrThrow();
        return new NDList(residual ? pos.add(out) : out);
    }

    /** An extra by its name ({@code node:NAME}), or by its place in NbodyDataset's layout when unnamed. */
    private static NDArray extra(NDList inputs, String name, int place) {
        String full = "node:" + name;
        for (int i = GraphBatch.FIRST_EXTRA; i < inputs.size(); i++) {
            if (full.equals(inputs.get(i).getName())) {
                return inputs.get(i);
            }
        }
        return inputs.get(place);
    }

    /**
     * Returns the input shapes of a batch of {@code graphs} systems of {@code particles} particles
     * and {@code edges} edges in all, in the {@link GraphBatch} layout of {@link NbodyDataset}.
     *
     * @param graphs the systems
     * @param particles particles per system
     * @param edges edges in all
     * @return the shapes
     */
    public static Shape[] inputShapes(long graphs, long particles, long edges) {
        long n = graphs * particles;
        return new Shape[] {new Shape(n, 3), new Shape(n, 0), new Shape(2, edges), new Shape(n), new Shape(graphs),
            new Shape(n, 0), new Shape(edges, 0), new Shape(edges, 0), new Shape(n, 3), new Shape(n, 1)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[GraphBatch.POSITIONS].get(0);
        long e = inputShapes[GraphBatch.EDGE_INDEX].get(1);
        long g = inputShapes[GraphBatch.NODE_COUNTS].get(0);
        if (egnn != null) {
            egnn.initialize(manager, dataType, inputShapes[GraphBatch.POSITIONS], new Shape(n, 1), new Shape(2, e),
                    new Shape(n), new Shape(g), new Shape(n, 3), new Shape(e, 2), new Shape(e, 0));
            return;
        }
        int attr = featurizer.attributeIrreps().dim();
        network.initialize(manager, dataType, inputShapes[0], new Shape(n, NbodyFeaturizer.INPUT_IRREPS.dim()),
                new Shape(2, e), new Shape(n), new Shape(g), new Shape(n, attr), new Shape(e, attr), new Shape(e, 2));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphBatch.featureSlots(Irreps.empty(), Irreps.empty(), Irreps.empty(), 0,
                FeatureSlot.nodeIrreps(Irreps.parse("1x1o")), FeatureSlot.nodeLabels());
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(residual ? FeatureSlot.positions() : FeatureSlot.nodeIrreps(Irreps.parse("1x1o")));
    }
}
