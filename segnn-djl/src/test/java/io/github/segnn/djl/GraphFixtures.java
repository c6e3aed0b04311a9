// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.graph.GraphBatch;
import java.util.ArrayList;
import java.util.List;

/** Small random featurized graph batches (the {@link GraphBatch} NDList) for Block tests. */
public final class GraphFixtures {

    private GraphFixtures() {}

    /**
     * Builds fully connected graphs of the given sizes with random features.
     *
     * @param m the manager
     * @param dt the data type
     * @param in node feature irreps
     * @param attr attribute irreps (nodes and edges)
     * @param edgeScalars number of edge scalars
     * @param sizes nodes per graph
     * @return the GraphBatch NDList, with random positions and node features of the irreps {@code in}
     */
    public static NDList fullyConnected(NDManager m, DataType dt, Irreps in, Irreps attr, int edgeScalars,
            int... sizes) {
        List<long[]> edges = new ArrayList<>();
        List<Long> graph = new ArrayList<>();
        int offset = 0;
        for (int g = 0; g < sizes.length; g++) {
            for (int i = 0; i < sizes[g]; i++) {
                graph.add((long) g);
                for (int j = 0; j < sizes[g]; j++) {
                    if (i != j) {
                        edges.add(new long[] {offset + j, offset + i});
                    }
                }
            }
            offset += sizes[g];
        }
        long[] src = new long[edges.size()];
        long[] dst = new long[edges.size()];
        for (int e = 0; e < src.length; e++) {
            src[e] = edges.get(e)[0];
            dst[e] = edges.get(e)[1];
        }
        long n = offset;
        long ne = src.length;
        NDArray ei = m.create(src).reshape(1, ne).concat(m.create(dst).reshape(1, ne), 0);
        NDArray gi = m.create(graph.stream().mapToLong(Long::longValue).toArray());
        long[] counts = new long[sizes.length];
        for (int g = 0; g < sizes.length; g++) {
            counts[g] = sizes[g];
        }
        return GraphBatch.builder().setPositions(TestSupport.randn(m, 10, dt, n, 3))
                .setNodeFeatures(TestSupport.randn(m, 11, dt, n, in.dim())).setEdgeIndex(ei)
                .optGraphs(gi, m.create(counts, new Shape(sizes.length)))
                .optNodeAttr(TestSupport.randn(m, 12, dt, n, attr.dim()))
                .optEdgeAttr(TestSupport.randn(m, 13, dt, ne, attr.dim()))
                .optEdgeScalars(TestSupport.randn(m, 14, dt, ne, edgeScalars)).build().toNDList();
    }
}
