// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.nn.Checks;
import java.util.List;

/**
 * The featurized graph batch that {@link Segnn} and {@link SegnnLayer} take, as an NDList in this
 * order:
 *
 * <ol start="0">
 *   <li>{@code x (N, in.dim)} node features;
 *   <li>{@code nodeAttr (N, nodeAttr.dim)} node attributes;
 *   <li>{@code edgeAttr (E, edgeAttr.dim)} edge attributes;
 *   <li>{@code edgeScalars (E, k)} extra invariant message features ({@code k} may be 0);
 *   <li>{@code edgeIndex (2, E)} int64: row 0 the source j, row 1 the target i; messages flow
 *       {@code j -> i} and are summed at i (PyG's convention);
 *   <li>{@code graphIndex (N,)} int64, the graph of each node;
 *   <li>{@code nodeCounts (G,)} int64, the nodes of each graph (its shape gives G without a device
 *       synchronization).
 * </ol>
 */
public final class GraphInputs {

    /** Index of {@code x}. */
    public static final int X = 0;
    /** Index of {@code nodeAttr}. */
    public static final int NODE_ATTR = 1;
    /** Index of {@code edgeAttr}. */
    public static final int EDGE_ATTR = 2;
    /** Index of {@code edgeScalars}. */
    public static final int EDGE_SCALARS = 3;
    /** Index of {@code edgeIndex}. */
    public static final int EDGE_INDEX = 4;
    /** Index of {@code graphIndex}. */
    public static final int GRAPH_INDEX = 5;
    /** Index of {@code nodeCounts}. */
    public static final int NODE_COUNTS = 6;
    /** Number of arrays. */
    public static final int SIZE = 7;

    private GraphInputs() {}

    /**
     * Returns how each array transforms, for the {@link io.github.segnn.djl.check.EquivarianceChecker}.
     *
     * @param in node feature irreps
     * @param nodeAttr node attribute irreps
     * @param edgeAttr edge attribute irreps
     * @param edgeScalars number of extra edge scalars
     * @return the slots in NDList order
     */
    public static List<FeatureSlot> slots(Irreps in, Irreps nodeAttr, Irreps edgeAttr, int edgeScalars) {
        return List.of(FeatureSlot.nodeIrreps(in), FeatureSlot.nodeIrreps(nodeAttr), FeatureSlot.edgeIrreps(edgeAttr),
                FeatureSlot.edgeIrreps(edgeScalars == 0 ? Irreps.empty() : Irreps.parse(edgeScalars + "x0e")),
                FeatureSlot.edgeIndex(), FeatureSlot.nodeLabels(), FeatureSlot.invariant());
    }

    /**
     * Validates the arrays' ranks, widths and row counts.
     *
     * @param block the Block's description for messages
     * @param inputs the NDList
     * @param in node feature irreps
     * @param nodeAttr node attribute irreps
     * @param edgeAttr edge attribute irreps
     * @param edgeScalars number of extra edge scalars
     */
    public static void validate(String block, NDList inputs, Irreps in, Irreps nodeAttr, Irreps edgeAttr,
            int edgeScalars) {
        if (inputs.size() != SIZE) {
            throw new IllegalArgumentException(block + " expects " + SIZE
                    + " inputs (x, nodeAttr, edgeAttr, edgeScalars, edgeIndex, graphIndex, nodeCounts), got "
                    + inputs.size());
        }
        Checks.features(block, "x", inputs.get(X), in);
        Checks.features(block, "nodeAttr", inputs.get(NODE_ATTR), nodeAttr);
        Checks.features(block, "edgeAttr", inputs.get(EDGE_ATTR), edgeAttr);
        NDArray es = inputs.get(EDGE_SCALARS);
        if (es.getShape().dimension() != 2 || es.getShape().get(1) != edgeScalars) {
            throw new IllegalArgumentException(block + ": input 'edgeScalars' must be (E, " + edgeScalars + "), got "
                    + es.getShape());
        }
        Checks.sameRows(block, inputs.get(X), inputs.get(NODE_ATTR));
        Checks.sameRows(block, inputs.get(EDGE_ATTR), es);
        Shape ei = inputs.get(EDGE_INDEX).getShape();
        if (ei.dimension() != 2 || ei.get(0) != 2 || ei.get(1) != inputs.get(EDGE_ATTR).getShape().get(0)) {
            throw new IllegalArgumentException(block + ": input 'edgeIndex' must be (2, E) with E = "
                    + inputs.get(EDGE_ATTR).getShape().get(0) + " edges, got " + ei);
        }
        if (!inputs.get(EDGE_INDEX).getDataType().isInteger()) {
            throw new IllegalArgumentException(block + ": input 'edgeIndex' must be an integer array, got "
                    + inputs.get(EDGE_INDEX).getDataType());
        }
        Shape gi = inputs.get(GRAPH_INDEX).getShape();
        if (gi.dimension() != 1 || gi.get(0) != inputs.get(X).getShape().get(0)) {
            throw new IllegalArgumentException(block + ": input 'graphIndex' must be (N,) with N = "
                    + inputs.get(X).getShape().get(0) + " nodes, got " + gi);
        }
        if (inputs.get(NODE_COUNTS).getShape().dimension() != 1) {
            throw new IllegalArgumentException(block + ": input 'nodeCounts' must be (G,), got "
                    + inputs.get(NODE_COUNTS).getShape());
        }
        DataType dt = inputs.get(X).getDataType();
        for (int i : new int[] {NODE_ATTR, EDGE_ATTR}) {
            if (inputs.get(i).getDataType() != dt) {
                throw new IllegalArgumentException(block + ": input " + i + " has data type " + inputs.get(i).getDataType()
                        + " but x has " + dt);
            }
        }
    }
}
