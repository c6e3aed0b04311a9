// SPDX-License-Identifier: Apache-2.0
package com.example.segnn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.WeightBalancedIrreps;
import io.github.segnn.core.so3.SphericalHarmonics;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.djl.model.Task;

/**
 * A Segnn inside your own DJL model: the graph's energy-like invariant from atom positions and
 * charges. The SEGNN turns each graph into {@code 16} invariant features; a plain DJL {@link Linear}
 * head maps them to one number per graph.
 */
public final class SegnnInYourModel {

    /** Node and edge attributes: spherical harmonics up to l = 1, {@code 1x0e+1x1o}. */
    public static final Irreps ATTR = Irreps.sphericalHarmonics(1);

    private SegnnInYourModel() {}

    /**
     * Builds the model: a {@link Segnn} (graph task, average pooling over each graph) followed by a linear head.
     *
     * @return the model, not yet initialized
     */
    public static SequentialBlock model() {
        Segnn segnn = Segnn.builder()
                .setInputIrreps(Irreps.parse("1x1o+1x0e"))                              // position, charge
                .setHiddenIrreps(WeightBalancedIrreps.of(Irreps.parse("16x0e"), ATTR, true, 1))
                .setOutputIrreps(Irreps.parse("16x0e"))
                .setNodeAttrIrreps(ATTR)
                .setEdgeAttrIrreps(ATTR)
                .optEdgeScalars(1)                                                      // |r_ij|^2
                .optNumLayers(2)
                .optTask(Task.GRAPH)
                .build();
        Block head = Linear.builder().setUnits(1).build();
        return new SequentialBlock().add(segnn).add(head);
    }

    /**
     * Featurizes graphs of points with charges into the NDList that {@link Segnn} takes: a
     * {@link GraphBatch} (positions, node features, edge index, graph index, node counts, node and
     * edge attributes, edge scalars), fully connected within each graph.
     *
     * @param manager where the arrays live
     * @param positions {@code (N, 3)} positions, the graphs' nodes one after the other
     * @param charges {@code (N,)} charges
     * @param nodeCounts the number of nodes of each graph
     * @return the inputs, float32
     */
    public static NDList inputs(NDManager manager, double[][] positions, double[] charges, int... nodeCounts) {
        int n = positions.length;
        long[] graphIndex = Graphs.graphIndex(nodeCounts);
        long[][] edges = Graphs.fullyConnected(nodeCounts);
        int e = edges[0].length;
        int[] counts = new int[nodeCounts.length];
        double[][] centre = new double[nodeCounts.length][3];
        for (int i = 0; i < n; i++) {
            int g = (int) graphIndex[i];
            counts[g]++;
            for (int k = 0; k < 3; k++) {
                centre[g][k] += positions[i][k];
            }
        }
        float[] x = new float[n * 4];
        for (int i = 0; i < n; i++) {
            int g = (int) graphIndex[i];
            double[] relative = new double[3];
            for (int k = 0; k < 3; k++) {
                relative[k] = positions[i][k] - centre[g][k] / counts[g];
            }
            // The l = 1 harmonic of a vector without normalization is the vector in the 1o layout,
            // times sqrt(3): taking it from SphericalHarmonics keeps the layout the library's.
            double[] sh = SphericalHarmonics.compute(1, relative, false, SphericalHarmonics.Normalization.COMPONENT);
            for (int k = 0; k < 3; k++) {
                x[i * 4 + k] = (float) (sh[1 + k] / Math.sqrt(3));
            }
            x[i * 4 + 3] = (float) charges[i];
        }
        float[] edgeAttr = new float[e * 4];
        float[] edgeScalars = new float[e];
        float[] nodeAttr = new float[n * 4];
        int[] degree = new int[n];
        for (int k = 0; k < e; k++) {
            int src = (int) edges[0][k];
            int dst = (int) edges[1][k];
            double[] r = new double[3];
            for (int d = 0; d < 3; d++) {
                r[d] = positions[dst][d] - positions[src][d];
            }
            double[] sh = SphericalHarmonics.compute(1, r, true, SphericalHarmonics.Normalization.COMPONENT);
            for (int c = 0; c < 4; c++) {
                edgeAttr[k * 4 + c] = (float) sh[c];
                nodeAttr[dst * 4 + c] += (float) sh[c];
            }
            edgeScalars[k] = (float) (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
            degree[dst]++;
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                nodeAttr[i * 4 + c] /= Math.max(1, degree[i]);   // mean of the incoming edges' harmonics
            }
        }
        long[] nodeCountArray = new long[nodeCounts.length];
        for (int g = 0; g < nodeCounts.length; g++) {
            nodeCountArray[g] = nodeCounts[g];
        }
        float[] pos = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                pos[i * 3 + k] = (float) positions[i][k];
            }
        }
        return GraphBatch.builder()
                .setPositions(manager.create(pos).reshape(n, 3))
                .setNodeFeatures(manager.create(x).reshape(n, 4))
                .setEdgeIndex(Graphs.toNDArray(manager, edges))
                .optGraphs(manager.create(graphIndex), manager.create(nodeCountArray))
                .optNodeAttr(manager.create(nodeAttr).reshape(n, 4))
                .optEdgeAttr(manager.create(edgeAttr).reshape(e, 4))
                .optEdgeScalars(manager.create(edgeScalars).reshape(e, 1))
                .build()
                .toNDList();
    }
}
