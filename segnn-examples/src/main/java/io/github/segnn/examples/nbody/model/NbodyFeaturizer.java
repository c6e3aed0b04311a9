// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.so3.SphericalHarmonics.Normalization;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Rows;
import io.github.segnn.djl.ops.Scatter;
import io.github.segnn.djl.ops.SphericalHarmonicsEmbedding;

/**
 * The official N-body transform ({@code O3Transform} of {@code nbody/train_nbody.py}) as NDArray
 * operations, from raw particles to the arrays of a featurized {@link io.github.segnn.djl.graph.GraphBatch}:
 *
 * <ul>
 *   <li>{@code x = [p - c, v, |v|]}, irreps {@code 2x1o+1x0e};
 *   <li>{@code edgeAttr = Y(p_j - p_i)} for {@code l <= lmaxAttr}, integral normalization;
 *   <li>{@code nodeAttr = mean over incoming edges of edgeAttr (+ Y(v))} (the {@code +P} part);
 *   <li>{@code edgeScalars = [|p_j - p_i|, q_i q_j]}, irreps {@code 2x0e}.
 * </ul>
 */
final class NbodyFeaturizer {

    /** Input irreps of the node features. */
    public static final Irreps INPUT_IRREPS = Irreps.parse("2x1o+1x0e");

    private final int lmaxAttr;
    private final boolean velocityAttribute;
    private final Centring centring;

    /**
     * Creates the featurizer.
     *
     * @param lmaxAttr largest degree of the attributes
     * @param velocityAttribute whether node attributes include {@code Y(v)} (SEGNN_G+P) or not (SEGNN_G)
     * @param centring how positions are centred
     */
    public NbodyFeaturizer(int lmaxAttr, boolean velocityAttribute, Centring centring) {
        this.lmaxAttr = lmaxAttr;
        this.velocityAttribute = velocityAttribute;
        this.centring = centring;
    }

    /**
     * Returns the attribute irreps {@code 1x0e+1x1o+...}.
     *
     * @return the attribute irreps
     */
    public Irreps attributeIrreps() {
        return Irreps.sphericalHarmonics(lmaxAttr);
    }

    /**
     * Featurizes a batch.
     *
     * @param pos positions {@code (N, 3)}
     * @param vel velocities {@code (N, 3)}
     * @param charges charges {@code (N, 1)}
     * @param edgeIndex {@code (2, E)} int64, source then target
     * @param graphIndex {@code (N,)} int64
     * @param nodeCounts {@code (G,)} int64
     * @return the featurized {@link GraphBatch} NDList: the given positions, node features {@code x},
     *     edge index (int64), graph index, node counts, node attributes, edge attributes, edge scalars
     */
    public NDList featurize(NDArray pos, NDArray vel, NDArray charges, NDArray edgeIndex, NDArray graphIndex,
            NDArray nodeCounts) {
        DataType dt = pos.getDataType();
        long n = pos.getShape().get(0);
        NDArray ei = edgeIndex.toType(DataType.INT64, false);
        NDArray src = ei.get(0);
        NDArray dst = ei.get(1);
        NDArray centre;
        if (centring == Centring.PER_GRAPH) {
            Scatter toGraphs = Scatter.of(graphIndex, nodeCounts.getShape().get(0), dt);
            centre = Rows.gather(toGraphs.mean(pos), graphIndex);
        } else {
            centre = pos.mean(new int[] {1}, true);
        }
        NDArray speed = vel.square().sum(new int[] {1}, true).sqrt();
        NDArray x = NDArrays.concat(new NDList(pos.sub(centre), vel, speed), 1);
        NDArray rel = Rows.gather(pos, src).sub(Rows.gather(pos, dst));
        NDArray edgeAttr = SphericalHarmonicsEmbedding.compute(rel, lmaxAttr, true, Normalization.INTEGRAL);
        NDArray nodeAttr = Scatter.of(dst, n, dt).mean(edgeAttr);
        if (velocityAttribute) {
            nodeAttr = nodeAttr.add(SphericalHarmonicsEmbedding.compute(vel, lmaxAttr, true, Normalization.INTEGRAL));
        }
        NDArray dist = rel.square().sum(new int[] {1}, true).sqrt();
        NDArray qq = Rows.gather(charges, src).mul(Rows.gather(charges, dst));
        NDArray edgeScalars = dist.concat(qq, 1);
        return GraphBatch.builder().setPositions(pos).setNodeFeatures(x).setEdgeIndex(ei)
                .optGraphs(graphIndex.toType(DataType.INT64, false), nodeCounts).optNodeAttr(nodeAttr)
                .optEdgeAttr(edgeAttr).optEdgeScalars(edgeScalars).optValidateValues(false).build().toNDList();
    }
}
