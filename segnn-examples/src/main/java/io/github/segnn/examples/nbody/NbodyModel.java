// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

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
import io.github.segnn.djl.graph.GraphChecks;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.model.Convolution;
import io.github.segnn.djl.model.Egnn;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Segnn;
import java.util.List;

/**
 * An N-body predictor: the {@link NbodyFeaturizer} followed by a graph network, predicting the
 * positions 1000 steps ahead as {@code p + network output} (charged, SEGNN-SPEC 5), or the target
 * as the network output itself (gravity, ADDENDUM 2: "prediction is direct").
 *
 * <ul>
 *   <li>Inputs: {@code pos (N, 3)}, {@code vel (N, 3)}, {@code charges (N, 1)} (the masses for
 *       gravity), {@code edgeIndex (2, E)}, {@code graphIndex (N,)}, {@code nodeCounts (G,)}.
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
        inputNames = List.of("pos", "vel", "charges", "edgeIndex", "graphIndex", "nodeCounts");
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
        if (inputs.size() != 6) {
            throw new IllegalArgumentException("NbodyModel expects 6 inputs (pos, vel, charges, edgeIndex, graphIndex,"
                    + " nodeCounts), got " + inputs.size());
        }
        GraphChecks.check(this, "NbodyModel", inputs.get(0), inputs.get(3), inputs.get(4), inputs.get(5));
        NDArray pos = inputs.get(0);
        if (egnn != null) {
            NDArray vel = inputs.get(1);
            NDArray ei = inputs.get(3).toType(ai.djl.ndarray.types.DataType.INT64, false);
            NDArray q = inputs.get(2);
            NDArray rel = pos.get(ei.get(0)).sub(pos.get(ei.get(1)));
            NDArray edgeAttr = q.get(ei.get(0)).mul(q.get(ei.get(1)))
                    .concat(rel.square().sum(new int[] {1}, true), 1);
            NDArray speed = vel.square().sum(new int[] {1}, true).sqrt();
            return egnn.forward(ps, GraphBatch.builder().setPositions(pos).setNodeFeatures(speed).setEdgeIndex(ei)
                    .optGraphs(inputs.get(4), inputs.get(5)).optNodeAttr(vel).optEdgeAttr(edgeAttr)
                    .optValidateValues(false).build().toNDList(), training);
        }
        NDList f = featurizer.featurize(pos, inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4),
                inputs.get(5));
        NDList features = GraphBatch.builder().setPositions(pos).setNodeFeatures(f.get(0)).setEdgeIndex(f.get(4))
                .optGraphs(f.get(5), f.get(6)).optNodeAttr(f.get(1)).optEdgeAttr(f.get(2)).optEdgeScalars(f.get(3))
                .optValidateValues(false).build().toNDList();
        NDArray out = network.forward(ps, features, training).singletonOrThrow();
        return new NDList(residual ? pos.add(out) : out);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        long e = inputShapes[3].get(1);
        long g = inputShapes[5].get(0);
        if (egnn != null) {
            egnn.initialize(manager, dataType, inputShapes[0], new Shape(n, 1), new Shape(2, e), new Shape(n),
                    new Shape(g), inputShapes[1], new Shape(e, 2), new Shape(e, 0));
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
        return List.of(FeatureSlot.positions(), FeatureSlot.nodeIrreps(Irreps.parse("1x1o")), FeatureSlot.nodeLabels(),
                FeatureSlot.edgeIndex(), FeatureSlot.nodeLabels(), FeatureSlot.invariant());
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(residual ? FeatureSlot.positions() : FeatureSlot.nodeIrreps(Irreps.parse("1x1o")));
    }
}
