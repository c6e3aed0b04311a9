// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.so3.SphericalHarmonics.Normalization;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Rows;
import io.github.segnn.djl.ops.Scatter;
import io.github.segnn.djl.ops.SphericalHarmonicsEmbedding;

/**
 * The geometric attributes of SEGNN's {@code qm9/dataset.py} ({@code get_O3_attr}) as NDArray
 * operations on a batch of {@link Qm9Graphs}, giving the arrays of a featurized {@link io.github.segnn.djl.graph.GraphBatch}
 * layout:
 *
 * <ul>
 *   <li>{@code x}: the one-hot elements, irreps {@code 5x0e}, unchanged;
 *   <li>{@code edgeAttr = Y(x_j - x_i)} for {@code l <= lmaxAttr}, with {@code j} the source and
 *       {@code i} the target of the edge, unit vectors, {@code component} normalization (so the
 *       {@code 0e} entry is 1);
 *   <li>{@code nodeAttr}: the mean of {@code edgeAttr} over the incoming edges of each node; a node
 *       without edges gets 0, and {@link io.github.segnn.djl.model.Segnn} then sets its {@code 0e}
 *       entry to 1 (the official {@code catch_isolated_nodes}; for connected nodes the entry is
 *       already 1);
 *   <li>{@code edgeScalars = |x_j - x_i|^2}, irreps {@code 1x0e} (the squared distance, not the
 *       distance).
 * </ul>
 */
final class Qm9Featurizer {

    private final int lmaxAttr;

    /**
     * Creates the featurizer.
     *
     * @param lmaxAttr the largest degree of the attributes
     */
    public Qm9Featurizer(int lmaxAttr) {
        if (lmaxAttr < 0) {
            throw new IllegalArgumentException("lmaxAttr must be >= 0, got " + lmaxAttr);
        }
        this.lmaxAttr = lmaxAttr;
    }

    /**
     * Returns the attribute irreps {@code 1x0e+1x1o+...}.
     *
     * @return the irreps of node and edge attributes
     */
    public Irreps attributeIrreps() {
        return Irreps.sphericalHarmonics(lmaxAttr);
    }

    /**
     * Featurizes a batch.
     *
     * @param pos positions {@code (N, 3)} in Å
     * @param x one-hot elements {@code (N, 5)}
     * @param edgeIndex {@code (2, E)}, source then target
     * @param graphIndex {@code (N,)}
     * @param nodeCounts {@code (G,)}
     * @return the featurized {@link GraphBatch} NDList: the given positions, node features {@code x},
     *     edge index (int64), graph index, node counts, node attributes, edge attributes, edge scalars
     */
    public NDList featurize(NDArray pos, NDArray x, NDArray edgeIndex, NDArray graphIndex, NDArray nodeCounts) {
        NDArray ei = edgeIndex.toType(DataType.INT64, false);
        NDArray src = ei.get(0);
        NDArray dst = ei.get(1);
        NDArray rel = Rows.gather(pos, src).sub(Rows.gather(pos, dst));
        NDArray edgeAttr = SphericalHarmonicsEmbedding.compute(rel, lmaxAttr, true, Normalization.COMPONENT);
        NDArray nodeAttr = Scatter.of(dst, pos.getShape().get(0), pos.getDataType()).mean(edgeAttr);
        NDArray edgeScalars = rel.square().sum(new int[] {1}, true);
        return GraphBatch.builder().setPositions(pos).setNodeFeatures(x).setEdgeIndex(ei)
                .optGraphs(graphIndex.toType(DataType.INT64, false), nodeCounts).optNodeAttr(nodeAttr)
                .optEdgeAttr(edgeAttr).optEdgeScalars(edgeScalars).optValidateValues(false).build().toNDList();
    }
}
