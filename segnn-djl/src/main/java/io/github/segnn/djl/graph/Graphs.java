// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Builds edge indices on the host, as plain Java {@code long[2][E]} arrays in the project's
 * convention: {@code edgeIndex[0][e]} is the source {@code j}, {@code edgeIndex[1][e]} the target
 * {@code i}, messages flow {@code j -> i} and are summed at {@code i} (PyG's
 * {@code source_to_target} flow). Node numbers are global over a batch: the nodes of graph
 * {@code g} are the contiguous range that follows the nodes of graphs {@code 0..g-1}, and no edge
 * joins two graphs.
 *
 * <p><b>Edge order.</b> Every builder returns edges sorted by target, then by source, so the
 * incoming edges of each target are contiguous and in increasing source order (and edges of graph
 * {@code g} come before those of graph {@code g+1}). No builder makes self loops.
 *
 * <p>Irreps: none (index arrays only).
 */
public final class Graphs {

    /** torch_cluster's default {@code max_num_neighbors} of {@code radius_graph}. */
    public static final int DEFAULT_MAX_NEIGHBORS = 32;

    /** Graphs with more nodes than this use a cell list instead of comparing all pairs. */
    private static final int ALL_PAIRS_LIMIT = 64;

    private Graphs() {}

    /**
     * Returns the fully connected graphs without self loops: for every graph with {@code n} nodes,
     * the {@code n(n-1)} edges {@code j -> i}, {@code j != i}, sorted by target, then source.
     *
     * @param nodeCounts the number of nodes of each graph (each {@code >= 0})
     * @return {@code long[2][E]}, row 0 sources, row 1 targets
     * @throws IllegalArgumentException if a count is negative or the edge count overflows an int
     */
    public static long[][] fullyConnected(int... nodeCounts) {
        long total = 0;
        for (int g = 0; g < nodeCounts.length; g++) {
            if (nodeCounts[g] < 0) {
                throw new IllegalArgumentException("Graphs.fullyConnected: nodeCounts[" + g + "] = " + nodeCounts[g]
                        + " is negative");
            }
            total += (long) nodeCounts[g] * (nodeCounts[g] - 1);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Graphs.fullyConnected: " + total + " edges do not fit in a Java array");
        }
        long[] src = new long[(int) total];
        long[] dst = new long[(int) total];
        int e = 0;
        long offset = 0;
        for (int n : nodeCounts) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        src[e] = offset + j;
                        dst[e] = offset + i;
                        e++;
                    }
                }
            }
            offset += n;
        }
        return new long[][] {src, dst};
    }

    /**
     * Returns the radius graph with torch_cluster's default of at most {@value #DEFAULT_MAX_NEIGHBORS}
     * incoming edges per node; see {@link #radius(double[][], long[], double, int)}.
     *
     * @param positions {@code double[N][3]}
     * @param graphIndex the graph of each node, sorted (non-decreasing)
     * @param cutoff the radius, in the positions' unit
     * @return {@code long[2][E]}, row 0 sources, row 1 targets
     */
    public static long[][] radius(double[][] positions, long[] graphIndex, double cutoff) {
        return radius(positions, graphIndex, cutoff, DEFAULT_MAX_NEIGHBORS);
    }

    /**
     * Returns the radius graph of each graph of a batch: an edge {@code j -> i} for every pair of
     * distinct nodes of the same graph with {@code |x_i - x_j| < cutoff} (strictly less, on squared
     * distances: {@code |x_i - x_j|^2 < cutoff^2}), as torch_cluster's {@code radius_graph} with
     * {@code loop=False} and {@code flow='source_to_target'} (its CPU search keeps squared
     * distances {@code < r^2}, its CUDA kernel does the same).
     *
     * <p>Each target keeps at most {@code maxNeighbors} incoming edges: those with the smallest
     * source numbers, which is what torch_cluster's CUDA kernel keeps (its CPU version keeps the
     * first ones found by its k-d tree, an unspecified subset). The default,
     * {@value #DEFAULT_MAX_NEIGHBORS}, is torch_cluster's and never truncates graphs of at most 33
     * nodes such as QM9's molecules (at most 29 atoms).
     *
     * <p>Cost: all pairs within each graph of up to 64 nodes, a cell list of cell size
     * {@code cutoff} for larger graphs, so the work grows with the number of close pairs, not with
     * {@code n^2}.
     *
     * @param positions {@code double[N][3]}, finite
     * @param graphIndex the graph of each node, {@code N} values, sorted (non-decreasing), so the
     *     nodes of each graph are contiguous
     * @param cutoff the radius, positive and finite, in the positions' unit
     * @param maxNeighbors the most incoming edges per node, at least 1
     * @return {@code long[2][E]}, row 0 sources, row 1 targets, sorted by target then source
     * @throws IllegalArgumentException naming the offending node or argument
     */
    public static long[][] radius(double[][] positions, long[] graphIndex, double cutoff, int maxNeighbors) {
        checkRadiusArguments(positions, graphIndex, cutoff, maxNeighbors);
        EdgeList edges = new EdgeList(Math.max(16, positions.length));
        double r2 = cutoff * cutoff;
        int start = 0;
        while (start < positions.length) {
            int end = start + 1;
            while (end < positions.length && graphIndex[end] == graphIndex[start]) {
                end++;
            }
            if (end - start <= ALL_PAIRS_LIMIT) {
                allPairs(positions, start, end, r2, maxNeighbors, edges);
            } else {
                cellList(positions, start, end, cutoff, maxNeighbors, edges);
            }
            start = end;
        }
        return edges.toArray();
    }

    /**
     * Returns the k-nearest-neighbour graph of each graph of a batch, as torch_cluster's {@code
     * knn_graph(x, k, batch, loop=False, flow='source_to_target')}: every node {@code i} receives an
     * edge {@code j -> i} from each of the {@code k} nodes {@code j != i} of its own graph nearest to
     * it (all other nodes of the graph if it has at most {@code k + 1}). The graph is directed and in
     * general not symmetric: {@code j} may be among the neighbours of {@code i} but not vice versa.
     *
     * <p>Ties are broken deterministically: candidates are ranked by squared distance, then by
     * smaller node number (torch_cluster leaves the order of equal distances to its search). Unlike
     * torch_cluster, which searches {@code k + 1} neighbours and then drops self loops, a node that
     * coincides with {@code i} is never displaced by {@code i} itself, so every node gets exactly
     * {@code min(k, n - 1)} edges.
     *
     * <p>Cost: all pairs within each graph, {@code O(n^2 k)} per graph of {@code n} nodes.
     *
     * @param positions {@code double[N][3]}, finite
     * @param graphIndex the graph of each node, {@code N} values, sorted (non-decreasing)
     * @param k the number of neighbours, at least 1
     * @return {@code long[2][E]}, row 0 sources, row 1 targets, sorted by target then source
     * @throws IllegalArgumentException naming the offending node or argument
     */
    public static long[][] knn(double[][] positions, long[] graphIndex, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Graphs.knn: k must be >= 1, got " + k);
        }
        checkPositions("Graphs.knn", positions, graphIndex);
        EdgeList edges = new EdgeList(Math.max(16, positions.length * k));
        double[] bestD = new double[k];
        int[] bestJ = new int[k];
        int start = 0;
        while (start < positions.length) {
            int end = start + 1;
            while (end < positions.length && graphIndex[end] == graphIndex[start]) {
                end++;
            }
            for (int i = start; i < end; i++) {
                int found = 0;
                for (int j = start; j < end; j++) {
                    if (j == i) {
                        continue;
                    }
                    double d = distance2(positions[i], positions[j]);
                    // j grows, so an equal distance ranks after the kept ones: insert only if strictly closer
                    if (found == k && !(d < bestD[k - 1])) {
                        continue;
                    }
                    int slot = found < k ? found++ : k - 1;
                    while (slot > 0 && d < bestD[slot - 1]) {
                        bestD[slot] = bestD[slot - 1];
                        bestJ[slot] = bestJ[slot - 1];
                        slot--;
                    }
                    bestD[slot] = d;
                    bestJ[slot] = j;
                }
                int[] sources = Arrays.copyOf(bestJ, found);
                Arrays.sort(sources);
                for (int j : sources) {
                    edges.add(j, i);
                }
            }
            start = end;
        }
        return edges.toArray();
    }

    /**
     * Returns the graph of each node for graphs of the given sizes: {@code g} repeated
     * {@code nodeCounts[g]} times.
     *
     * @param nodeCounts the number of nodes of each graph
     * @return {@code long[sum of nodeCounts]}
     */
    public static long[] graphIndex(int... nodeCounts) {
        int total = 0;
        for (int g = 0; g < nodeCounts.length; g++) {
            if (nodeCounts[g] < 0) {
                throw new IllegalArgumentException("Graphs.graphIndex: nodeCounts[" + g + "] = " + nodeCounts[g]
                        + " is negative");
            }
            total = Math.addExact(total, nodeCounts[g]);
        }
        long[] out = new long[total];
        int k = 0;
        for (int g = 0; g < nodeCounts.length; g++) {
            Arrays.fill(out, k, k + nodeCounts[g], g);
            k += nodeCounts[g];
        }
        return out;
    }

    /**
     * Copies an edge index to a {@code (2, E)} int64 array.
     *
     * @param manager the manager (and device) of the result
     * @param edgeIndex {@code long[2][E]}
     * @return {@code (2, E)} int64
     */
    public static NDArray toNDArray(NDManager manager, long[][] edgeIndex) {
        if (edgeIndex.length != 2 || edgeIndex[0].length != edgeIndex[1].length) {
            throw new IllegalArgumentException("Graphs.toNDArray: expected long[2][E] with rows of equal length");
        }
        int e = edgeIndex[0].length;
        long[] flat = new long[2 * e];
        System.arraycopy(edgeIndex[0], 0, flat, 0, e);
        System.arraycopy(edgeIndex[1], 0, flat, e, e);
        return manager.create(flat, new Shape(2, e));
    }

    private static void checkRadiusArguments(double[][] positions, long[] graphIndex, double cutoff,
            int maxNeighbors) {
        if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("Graphs.radius: cutoff must be positive and finite, got " + cutoff);
        }
        if (maxNeighbors < 1) {
            throw new IllegalArgumentException("Graphs.radius: maxNeighbors must be >= 1, got " + maxNeighbors);
        }
        checkPositions("Graphs.radius", positions, graphIndex);
    }

    private static void checkPositions(String method, double[][] positions, long[] graphIndex) {
        if (positions == null || graphIndex == null) {
            throw new IllegalArgumentException(method + ": positions and graphIndex must not be null");
        }
        if (positions.length != graphIndex.length) {
            throw new IllegalArgumentException(method + ": " + positions.length + " positions but "
                    + graphIndex.length + " graphIndex entries");
        }
        for (int i = 0; i < positions.length; i++) {
            double[] p = positions[i];
            if (p == null || p.length != 3) {
                throw new IllegalArgumentException(method + ": positions[" + i + "] must have 3 coordinates, got "
                        + (p == null ? "null" : p.length));
            }
            if (!Double.isFinite(p[0]) || !Double.isFinite(p[1]) || !Double.isFinite(p[2])) {
                throw new IllegalArgumentException(method + ": positions[" + i + "] = " + Arrays.toString(p)
                        + " is not finite");
            }
            if (i > 0 && graphIndex[i] < graphIndex[i - 1]) {
                throw new IllegalArgumentException(method + ": graphIndex must be sorted (nodes of a graph "
                        + "contiguous), but graphIndex[" + i + "] = " + graphIndex[i] + " follows " + graphIndex[i - 1]);
            }
        }
    }

    private static double distance2(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return dx * dx + dy * dy + dz * dz;
    }

    private static void allPairs(double[][] x, int start, int end, double r2, int maxNeighbors, EdgeList edges) {
        for (int i = start; i < end; i++) {
            int count = 0;
            for (int j = start; j < end && count < maxNeighbors; j++) {
                if (j != i && distance2(x[i], x[j]) < r2) {
                    edges.add(j, i);
                    count++;
                }
            }
        }
    }

    /** Cell list with cells of side at least {@code cutoff}: neighbours lie in the 27 adjacent cells. */
    private static void cellList(double[][] x, int start, int end, double cutoff, int maxNeighbors,
            EdgeList edges) {
        int n = end - start;
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = start; i < end; i++) {
            for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], x[i][k]);
                hi[k] = Math.max(hi[k], x[i][k]);
            }
        }
        double cell = cutoff;
        for (int k = 0; k < 3; k++) {
            cell = Math.max(cell, (hi[k] - lo[k]) / (1 << 20)); // at most 2^20 cells per axis fit in a key
        }
        long[] keys = new long[n];
        int[][] coords = new int[n][3];
        Integer[] order = new Integer[n];
        for (int a = 0; a < n; a++) {
            for (int k = 0; k < 3; k++) {
                coords[a][k] = (int) Math.floor((x[start + a][k] - lo[k]) / cell);
            }
            keys[a] = key(coords[a][0], coords[a][1], coords[a][2]);
            order[a] = a;
        }
        Arrays.sort(order, (p, q) -> Long.compare(keys[p], keys[q]));
        long[] sortedKeys = new long[n];
        int[] sortedNodes = new int[n];
        for (int s = 0; s < n; s++) {
            sortedKeys[s] = keys[order[s]];
            sortedNodes[s] = order[s];
        }
        double r2 = cutoff * cutoff;
        int[] found = new int[Math.min(n, 64)];
        for (int a = 0; a < n; a++) {
            int count = 0;
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dz = -1; dz <= 1; dz++) {
                        int cx = coords[a][0] + dx;
                        int cy = coords[a][1] + dy;
                        int cz = coords[a][2] + dz;
                        if (cx < 0 || cy < 0 || cz < 0) {
                            continue;
                        }
                        long k = key(cx, cy, cz);
                        for (int s = lowerBound(sortedKeys, k); s < n && sortedKeys[s] == k; s++) {
                            int b = sortedNodes[s];
                            if (b != a && distance2(x[start + a], x[start + b]) < r2) {
                                if (count == found.length) {
                                    found = Arrays.copyOf(found, 2 * count);
                                }
                                found[count++] = b;
                            }
                        }
                    }
                }
            }
            Arrays.sort(found, 0, count);
            for (int c = 0; c < Math.min(count, maxNeighbors); c++) {
                edges.add(start + found[c], start + a);
            }
        }
    }

    private static long key(int cx, int cy, int cz) {
        return ((long) cx << 42) | ((long) cy << 21) | cz;
    }

    private static int lowerBound(long[] sorted, long k) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < k) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A growable pair of long arrays. */
    private static final class EdgeList {
        private long[] src;
        private long[] dst;
        private int size;

        EdgeList(int capacity) {
            src = new long[capacity];
            dst = new long[capacity];
        }

        void add(long source, long target) {
            if (size == src.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * size);
                if (grown == size) {
                    throw new IllegalArgumentException("Graphs: too many edges for a Java array");
                }
                src = Arrays.copyOf(src, grown);
                dst = Arrays.copyOf(dst, grown);
            }
            src[size] = source;
            dst[size] = target;
            size++;
        }

        long[][] toArray() {
            return new long[][] {Arrays.copyOf(src, size), Arrays.copyOf(dst, size)};
        }
    }
}
