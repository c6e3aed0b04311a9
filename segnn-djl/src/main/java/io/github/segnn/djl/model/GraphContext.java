// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.internal.Sparse;
import io.github.segnn.djl.ops.Scatter;
import java.util.HashMap;
import java.util.Map;

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
    private final long numNodes;
    private final DataType dtype;
    private final Map<Integer, NDArray> pairGathers = new HashMap<>();

    GraphContext(GraphBatch batch, NDArray nodeAttr) {
        this.nodeAttr = nodeAttr;
        edgeAttr = batch.edgeAttr();
        edgeScalars = batch.edgeScalars();
        NDArray ei = batch.edgeIndex();
        source = ei.get(0);
        target = ei.get(1);
        graphIndex = batch.graphIndex();
        nodeCounts = batch.nodeCounts();
        numNodes = batch.numNodes();
        dtype = batch.nodeFeatures().getDataType();
        toNodes = Scatter.of(target, numNodes, dtype);
    }

    /**
     * Returns the sparse pair gather for components of dimension {@code d} (made on first use): the
     * {@code (E * d, 2 * N * d)} matrix whose row {@code (e, i)} has a 1 at column
     * {@code (target(e), i, 0)} and at {@code (source(e), i, 1)}, so that its product with node rows
     * {@code (N * d, 2 C)} read as {@code (2 * N * d, C)} (rows {@code (n, i, side)}) gives
     * {@code a_i + b_j} on every edge, component by component
     * ({@link io.github.segnn.djl.internal.Features#pairs}). The entries
     * are in row order.
     */
    NDArray pairGather(int d) {
        return pairGathers.computeIfAbsent(d, k -> {
            NDManager m = target.getManager();
            long e = target.getShape().get(0);
            NDArray components = m.arange(0, d, 1, DataType.INT64, target.getDevice()).reshape(1, d);
            NDArray t = target.toType(DataType.INT64, false).reshape(e, 1).mul(d).add(components).mul(2);
            NDArray s = source.toType(DataType.INT64, false).reshape(e, 1).mul(d).add(components).mul(2).add(1);
            NDArray rows = m.arange(0, e * d, 1, DataType.INT64, target.getDevice()).reshape(e * d, 1);
            NDArray indices = rows.concat(rows, 1).reshape(1, 2 * e * d)
                    .concat(t.reshape(e * d, 1).concat(s.reshape(e * d, 1), 1).reshape(1, 2 * e * d), 0);
            NDArray ones = m.ones(new Shape(2 * e * d), dtype, target.getDevice());
            NDArray gather = Sparse.coo(indices, ones, new Shape(e * d, 2 * numNodes * d));
            // shared by the layers: a layer's scope (Segnn) must not close it
            NDScope.unregister(gather);
            return gather;
        });
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
