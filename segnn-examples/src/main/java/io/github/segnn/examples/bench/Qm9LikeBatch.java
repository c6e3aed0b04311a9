// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.WeightBalancedIrreps;
import io.github.segnn.core.so3.SphericalHarmonics.Normalization;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Pooling;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.djl.model.Task;
import io.github.segnn.djl.ops.Scatter;
import io.github.segnn.djl.ops.SphericalHarmonicsEmbedding;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * A synthetic batch with QM9's sizes for the benchmark: molecules of {@code atoms} atoms grown as
 * random trees with bond lengths 1.0-1.5 A, a radius graph, one-hot features of 5 elements, SH
 * attributes to l=3 (component normalization), squared distances as edge scalars, and the paper's
 * QM9 model (hidden 128 features -> 36x0e+36x1o+36x2e, 7 layers, instance norm, average pooling).
 *
 * @param inputs the featurized {@link GraphBatch} NDList
 * @param edges the number of edges
 * @param model the model (not initialized)
 */
public record Qm9LikeBatch(NDList inputs, long edges, Segnn model) {

    /**
     * Creates the batch.
     *
     * @param m the manager
     * @param molecules molecules per batch
     * @param atoms atoms per molecule
     * @param cutoff radius of the graph in A
     * @param random the random source
     * @return the batch
     */
    public static Qm9LikeBatch create(NDManager m, int molecules, int atoms, double cutoff, Random random) {
        int n = molecules * atoms;
        double[][] pos = new double[n][3];
        double[] onehot = new double[n * 5];
        for (int g = 0; g < molecules; g++) {
            for (int a = 0; a < atoms; a++) {
                int i = g * atoms + a;
                if (a > 0) {
                    int parent = g * atoms + random.nextInt(a);
                    double[] d = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                    double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                    double bond = 1.0 + 0.5 * random.nextDouble();
                    for (int c = 0; c < 3; c++) {
                        pos[i][c] = pos[parent][c] + bond * d[c] / len;
                    }
                }
                onehot[i * 5 + random.nextInt(5)] = 1;
            }
        }
        int[] sizes = new int[molecules];
        Arrays.fill(sizes, atoms);
        long[] graph = Graphs.graphIndex(sizes);
        long[][] ei = Graphs.radius(pos, graph, cutoff);
        double[] flat = new double[n * 3];
        for (int i = 0; i < n; i++) {
            System.arraycopy(pos[i], 0, flat, 3 * i, 3);
        }
        NDArray p = m.create(DoubleBuffer.wrap(flat), new ai.djl.ndarray.types.Shape(n, 3)).toType(DataType.FLOAT32, false);
        NDArray edgeIndex = Graphs.toNDArray(m, ei);
        NDArray rel = p.get(edgeIndex.get(0)).sub(p.get(edgeIndex.get(1)));
        NDArray edgeAttr = SphericalHarmonicsEmbedding.compute(rel, 3, true, Normalization.COMPONENT);
        NDArray nodeAttr = Scatter.of(edgeIndex.get(1), n, DataType.FLOAT32).mean(edgeAttr);
        NDArray dist2 = rel.square().sum(new int[] {1}, true);
        long[] counts = new long[molecules];
        Arrays.fill(counts, atoms);
        NDList inputs = GraphBatch.builder().setPositions(p)
                .setNodeFeatures(m.create(DoubleBuffer.wrap(onehot), new ai.djl.ndarray.types.Shape(n, 5))
                        .toType(DataType.FLOAT32, false))
                .setEdgeIndex(edgeIndex).optGraphs(m.create(graph), m.create(counts)).optNodeAttr(nodeAttr)
                .optEdgeAttr(edgeAttr).optEdgeScalars(dist2).build().toNDList();
        Irreps attr = Irreps.sphericalHarmonics(3);
        Irreps hidden = WeightBalancedIrreps.of(Irreps.parse("128x0e"), attr, true, 2);
        Segnn model = Segnn.builder().setInputIrreps(Irreps.parse("5x0e")).setHiddenIrreps(hidden)
                .setOutputIrreps(Irreps.parse("1x0e")).setNodeAttrIrreps(attr).setEdgeAttrIrreps(attr).optEdgeScalars(1)
                .optNumLayers(7).optTask(Task.GRAPH).optPooling(Pooling.AVG).optNorm(FeatureNorm.INSTANCE).build();
        return new Qm9LikeBatch(inputs, ei[0].length, model);
    }
}
