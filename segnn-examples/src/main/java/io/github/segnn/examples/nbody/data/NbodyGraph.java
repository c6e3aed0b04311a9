// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import io.github.segnn.djl.graph.Graphs;
import java.util.Arrays;

/**
 * How the particles of each system of an N-body batch are connected: fully (the charged
 * experiment) or to their {@code k} nearest neighbours (the gravity experiment's {@code
 * knn_graph(loc, k)}). Edges are built on the host from the input positions, sorted by target then
 * source ({@link Graphs}).
 *
 * @param neighbours {@code k} of the kNN graph, or 0 for fully connected systems
 */
public record NbodyGraph(int neighbours) {

    /** Fully connected systems without self loops. */
    public static final NbodyGraph FULLY_CONNECTED = new NbodyGraph(0);

    /**
     * Checks the neighbour count.
     *
     * @param neighbours see the record component
     */
    public NbodyGraph {
        if (neighbours < 0) {
            throw new IllegalArgumentException("--neighbours must be >= 1, got " + neighbours);
        }
    }

    /**
     * Returns the kNN graph.
     *
     * @param k neighbours per particle, at least 1
     * @return the graph rule
     */
    public static NbodyGraph knn(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("--neighbours must be >= 1, got " + k);
        }
        return new NbodyGraph(k);
    }

    /**
     * Returns the number of edges of a batch.
     *
     * @param systems systems in the batch
     * @param n particles per system
     * @return the edge count
     */
    public long edgeCount(int systems, int n) {
        long perNode = neighbours == 0 ? n - 1 : Math.min(neighbours, n - 1);
        return (long) systems * n * perNode;
    }

    /**
     * Builds the edges of a batch.
     *
     * @param pos positions {@code (systems n, 3)} in C order, node {@code b n + k} particle {@code k}
     *     of system {@code b}
     * @param systems systems in the batch
     * @param n particles per system
     * @return {@code long[2][E]}, row 0 sources, row 1 targets
     */
    public long[][] edges(double[] pos, int systems, int n) {
        int[] counts = new int[systems];
        Arrays.fill(counts, n);
        if (neighbours == 0) {
            return Graphs.fullyConnected(counts);
        }
        double[][] x = new double[systems * n][];
        for (int i = 0; i < x.length; i++) {
            x[i] = Arrays.copyOfRange(pos, 3 * i, 3 * i + 3);
        }
        return Graphs.knn(x, Graphs.graphIndex(counts), neighbours);
    }
}
