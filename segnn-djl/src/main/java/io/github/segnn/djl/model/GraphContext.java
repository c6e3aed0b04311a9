// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.ops.Scatter;

/**
 * What the message-passing layers of one forward pass share besides the node features: the
 * attributes, the edge endpoints, the scatter from edges to target nodes and the graph of each
 * node. Built once per forward pass of a model (or of a layer called on its own), so that the index
 * arrays and the scatter are made once for all layers.
 */
final class GraphContext {

    /** Node attributes {@code (N, nodeAttr.dim)}. */
    final NDArray nodeAttr;
    /** Edge attributes {@code (E, edgeAttr.dim)}. */
    final NDArray edgeAttr;
    /** Extra edge scalars {@code (E, k)}. */
    final NDArray edgeScalars;
    /** Source node {@code j} of each edge {@code (E,)}. */
    final NDArray source;
    /** Target node {@code i} of each edge {@code (E,)}. */
    final NDArray target;
    /** The graph of each node {@code (N,)}. */
    final NDArray graphIndex;
    /** Nodes per graph {@code (G,)}. */
    final NDArray nodeCounts;
    /** The sum from edges to their target nodes. */
    final Scatter toNodes;
    private NDArray pairs;

    GraphContext(GraphBatch batch, NDArray nodeAttr) {
        this.nodeAttr = nodeAttr;
        edgeAttr = batch.edgeAttr();
        edgeScalars = batch.edgeScalars();
        NDArray ei = batch.edgeIndex();
        source = ei.get(0);
        target = ei.get(1);
        graphIndex = batch.graphIndex();
        nodeCounts = batch.nodeCounts();
        toNodes = Scatter.of(target, batch.numNodes(), batch.nodeFeatures().getDataType());
    }

    /**
     * Returns the {@code (E, 2)} rows {@code [target, source]} of each edge (made on first use), from
     * which one gather gives {@code [h_i | h_j]}.
     */
    NDArray pairs() {
        if (pairs == null) {
            pairs = NDArrays.stack(new NDList(target, source), 1);
            // shared by the layers: a layer's scope (Segnn) must not close it
            NDScope.unregister(pairs);
        }
        return pairs;
    }

    /** Whether there are extra edge scalars. */
    boolean hasEdgeScalars() {
        return edgeScalars.getShape().get(1) > 0;
    }

    /**
     * Reads a featurized {@link GraphBatch} NDList and checks, from shapes only, that its arrays have
     * the widths a Block expects.
     *
     * @param block the Block's description, for messages
     * @param inputs the GraphBatch NDList
     * @param x node feature irreps
     * @param nodeAttr node attribute irreps
     * @param edgeAttr edge attribute irreps
     * @param edgeScalars number of extra edge scalars
     * @return the batch
     */
    static GraphBatch read(String block, NDList inputs, Irreps x, Irreps nodeAttr, Irreps edgeAttr, int edgeScalars) {
        GraphBatch g;
        try {
            g = GraphBatch.view(inputs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(block + ": " + e.getMessage(), e);
        }
        Checks.features(block, "nodeFeatures", g.nodeFeatures(), x);
        Checks.features(block, "nodeAttr", g.nodeAttr(), nodeAttr);
        Checks.features(block, "edgeAttr", g.edgeAttr(), edgeAttr);
        if (g.edgeScalars().getShape().get(1) != edgeScalars) {
            throw new IllegalArgumentException(block + ": input 'edgeScalars' must be (E, " + edgeScalars + "), got "
                    + g.edgeScalars().getShape());
        }
        DataType dt = g.nodeFeatures().getDataType();
        NDArray[] same = {g.nodeAttr(), g.edgeAttr(), g.edgeScalars()};
        String[] names = {"nodeAttr", "edgeAttr", "edgeScalars"};
        for (int k = 0; k < same.length; k++) {
            if (same[k].getShape().get(1) > 0 && same[k].getDataType() != dt) {
                throw new IllegalArgumentException(block + ": input '" + names[k] + "' has data type "
                        + same[k].getDataType() + " but nodeFeatures has " + dt);
            }
        }
        return g;
    }
}
