// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.examples.qm9.data.Qm9Element;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The radius graphs of a list of QM9 molecules, computed once on the host and kept as flat arrays,
 * from which batches are assembled without per-molecule NDArrays.
 *
 * <p>As SEGNN's {@code qm9/dataset.py}: an edge {@code j -> i} joins every two distinct atoms of a
 * molecule closer than the radius ({@code |x_i - x_j| < r}, strictly; torch_cluster's {@code
 * radius_graph(pos, r, loop=False)} through {@link Graphs#radius}); the node features are the
 * one-hot element {@code H, C, N, O, F} ({@link #INPUT_IRREPS} {@code 5x0e}). The geometric
 * attributes (spherical harmonics of {@code x_j - x_i}, their mean at each node, {@code |x_j -
 * x_i|^2}) are computed per batch by {@code Qm9Featurizer}.
 *
 * <p>A batch ({@link #batch}) is the NDList {@code [pos (N, 3), x (N, 5), edgeIndex (2, E) int64,
 * graphIndex (N,) int64, nodeCounts (G,) int64]}: the atoms of the chosen molecules in order, edge
 * numbers global over the batch, edges sorted by target then source. Immutable.
 */
public final class Qm9Graphs {

    /** Irreps of the node features: one-hot H, C, N, O, F. */
    public static final Irreps INPUT_IRREPS = Irreps.parse("5x0e");

    /** Number of elements of the one-hot encoding. */
    public static final int ELEMENTS = 5;

    /** SEGNN's default radius in Å. */
    public static final double DEFAULT_RADIUS = 2.0;

    private final double radius;
    private final int[] gdbIndex;
    private final int[] atomStart;
    private final int[] edgeStart;
    private final double[] positions;
    private final byte[] types;
    private final byte[] edgeSource;
    private final byte[] edgeTarget;

    private Qm9Graphs(double radius, int[] gdbIndex, int[] atomStart, int[] edgeStart, double[] positions,
            byte[] types, byte[] edgeSource, byte[] edgeTarget) {
        this.radius = radius;
        this.gdbIndex = gdbIndex;
        this.atomStart = atomStart;
        this.edgeStart = edgeStart;
        this.positions = positions;
        this.types = types;
        this.edgeSource = edgeSource;
        this.edgeTarget = edgeTarget;
    }

    /**
     * Builds the graphs of molecules.
     *
     * @param molecules the molecules (at most 127 atoms each)
     * @param radius the cutoff in Å, positive and finite
     * @param threads worker threads for the neighbour search, at least 1
     * @return the graphs, in the order of {@code molecules}
     * @throws IllegalArgumentException for a bad radius or thread count, or a molecule too large
     */
    public static Qm9Graphs build(List<Qm9Molecule> molecules, double radius, int threads) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("--radius must be positive and finite, got " + radius);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        int count = molecules.size();
        int[] gdb = new int[count];
        int[] atomStart = new int[count + 1];
        for (int k = 0; k < count; k++) {
            Qm9Molecule m = molecules.get(k);
            if (m.atomCount() > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("molecule gdb " + m.gdbIndex() + " has " + m.atomCount()
                        + " atoms; at most " + Byte.MAX_VALUE + " are supported");
            }
            gdb[k] = m.gdbIndex();
            atomStart[k + 1] = atomStart[k] + m.atomCount();
        }
        int atoms = atomStart[count];
        double[] pos = new double[3 * atoms];
        byte[] types = new byte[atoms];
        byte[][] local = new byte[count][];
        int chunks = Math.min(threads, Math.max(1, count / 1024));
        if (chunks == 1) {
            fill(molecules, 0, count, radius, atomStart, pos, types, local);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(chunks, r -> {
                Thread t = new Thread(r, "qm9-graphs");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int c = 0; c < chunks; c++) {
                    int from = (int) ((long) count * c / chunks);
                    int to = (int) ((long) count * (c + 1) / chunks);
                    jobs.add(pool.submit(() -> fill(molecules, from, to, radius, atomStart, pos, types, local)));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building QM9 graphs", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new IllegalStateException(cause);
            } finally {
                pool.shutdownNow();
            }
        }
        int[] edgeStart = new int[count + 1];
        for (int k = 0; k < count; k++) {
            edgeStart[k + 1] = edgeStart[k] + local[k].length / 2;
        }
        byte[] src = new byte[edgeStart[count]];
        byte[] dst = new byte[edgeStart[count]];
        for (int k = 0; k < count; k++) {
            int e0 = edgeStart[k];
            byte[] l = local[k];
            for (int e = 0; e < l.length / 2; e++) {
                src[e0 + e] = l[2 * e];
                dst[e0 + e] = l[2 * e + 1];
            }
            local[k] = null;
        }
        return new Qm9Graphs(radius, gdb, atomStart, edgeStart, pos, types, src, dst);
    }

    private static void fill(List<Qm9Molecule> molecules, int from, int to, double radius, int[] atomStart,
            double[] pos, byte[] types, byte[][] local) {
        for (int k = from; k < to; k++) {
            Qm9Molecule m = molecules.get(k);
            int n = m.atomCount();
            double[][] p = m.positions();
            int a0 = atomStart[k];
            for (int a = 0; a < n; a++) {
                System.arraycopy(p[a], 0, pos, 3 * (a0 + a), 3);
                types[a0 + a] = (byte) typeIndex(m.element(a));
            }
            long[][] ei = Graphs.radius(p, new long[n], radius);
            byte[] l = new byte[2 * ei[0].length];
            for (int e = 0; e < ei[0].length; e++) {
                l[2 * e] = (byte) ei[0][e];
                l[2 * e + 1] = (byte) ei[1][e];
            }
            local[k] = l;
        }
    }

    /**
     * Returns the column of an element in the one-hot features: H 0, C 1, N 2, O 3, F 4 (the order
     * of {@code types} in SEGNN's {@code qm9/dataset.py}).
     *
     * @param element the element
     * @return the column
     */
    public static int typeIndex(Qm9Element element) {
        switch (element) {
            case H:
                return 0;
            case C:
                return 1;
            case N:
                return 2;
            case O:
                return 3;
            case F:
                return 4;
            default:
                throw new IllegalArgumentException("no one-hot column for " + element);
        }
    }

    /**
     * Returns the radius the graphs were built with.
     *
     * @return the cutoff in Å
     */
    public double radius() {
        return radius;
    }

    /**
     * Returns the number of molecules.
     *
     * @return the count
     */
    public int size() {
        return gdbIndex.length;
    }

    /**
     * Returns the GDB-9 index of a molecule.
     *
     * @param molecule the position in the list
     * @return the index
     */
    public int gdbIndex(int molecule) {
        return gdbIndex[molecule];
    }

    /**
     * Returns the number of atoms of a molecule.
     *
     * @param molecule the position in the list
     * @return the atom count
     */
    public int atomCount(int molecule) {
        return atomStart[molecule + 1] - atomStart[molecule];
    }

    /**
     * Returns the number of (directed) edges of a molecule.
     *
     * @param molecule the position in the list
     * @return the edge count
     */
    public int edgeCount(int molecule) {
        return edgeStart[molecule + 1] - edgeStart[molecule];
    }

    /**
     * Returns the total number of atoms.
     *
     * @return the count
     */
    public long totalAtoms() {
        return atomStart[atomStart.length - 1];
    }

    /**
     * Returns the total number of directed edges.
     *
     * @return the count
     */
    public long totalEdges() {
        return edgeStart[edgeStart.length - 1];
    }

    /**
     * Returns the edges of one molecule with atom numbers local to it.
     *
     * @param molecule the position in the list
     * @return {@code long[2][E]}, row 0 sources, row 1 targets, sorted by target then source
     */
    public long[][] edges(int molecule) {
        int e0 = edgeStart[molecule];
        int e = edgeCount(molecule);
        long[][] out = new long[2][e];
        for (int k = 0; k < e; k++) {
            out[0][k] = edgeSource[e0 + k];
            out[1][k] = edgeTarget[e0 + k];
        }
        return out;
    }

    /**
     * Returns the number of atoms without any neighbour within the radius. Their mean edge
     * attribute is 0; {@link io.github.segnn.djl.model.Segnn} then sets the {@code 0e} entry of
     * every node attribute to 1, as the official {@code catch_isolated_nodes}.
     *
     * @return the count over all molecules
     */
    public long isolatedAtoms() {
        long isolated = 0;
        for (int k = 0; k < size(); k++) {
            boolean[] has = new boolean[atomCount(k)];
            for (int e = edgeStart[k]; e < edgeStart[k + 1]; e++) {
                has[edgeTarget[e]] = true;
            }
            for (boolean h : has) {
                isolated += h ? 0 : 1;
            }
        }
        return isolated;
    }

    /**
     * Returns the node, edge and graph counts of a batch, for shapes.
     *
     * @param molecules positions in the list
     * @return {@code {N, E, G}}
     */
    public long[] counts(int[] molecules) {
        long n = 0;
        long e = 0;
        for (int k : molecules) {
            n += atomCount(k);
            e += edgeCount(k);
        }
        return new long[] {n, e, molecules.length};
    }

    /**
     * Assembles a batch.
     *
     * @param manager the manager of the arrays
     * @param molecules positions in the list, in batch order
     * @param dtype float32 or float64, for positions and features
     * @return a {@link GraphBatch} NDList: {@code positions (N, 3)}, {@code nodeFeatures (N, 5)} one-hot,
     *     {@code edgeIndex (2, E)}, {@code graphIndex (N,)}, {@code nodeCounts (G,)}, the featurized
     *     slots empty (the model featurizes)
     */
    public NDList batch(NDManager manager, int[] molecules, DataType dtype) {
        long[] c = counts(molecules);
        int n = (int) c[0];
        int e = (int) c[1];
        double[] pos = new double[3 * n];
        double[] x = new double[ELEMENTS * n];
        long[] edgeIndex = new long[2 * e];
        long[] graph = new long[n];
        long[] nodeCounts = new long[molecules.length];
        int node = 0;
        int edge = 0;
        for (int g = 0; g < molecules.length; g++) {
            int k = molecules[g];
            int a0 = atomStart[k];
            int atoms = atomCount(k);
            System.arraycopy(positions, 3 * a0, pos, 3 * node, 3 * atoms);
            for (int a = 0; a < atoms; a++) {
                x[ELEMENTS * (node + a) + types[a0 + a]] = 1;
                graph[node + a] = g;
            }
            for (int j = edgeStart[k]; j < edgeStart[k + 1]; j++) {
                edgeIndex[edge] = node + edgeSource[j];
                edgeIndex[e + edge] = node + edgeTarget[j];
                edge++;
            }
            nodeCounts[g] = atoms;
            node += atoms;
        }
        return GraphBatch.builder().setPositions(array(manager, pos, dtype, n, 3))
                .setNodeFeatures(array(manager, x, dtype, n, ELEMENTS)).setEdgeIndex(manager.create(edgeIndex, new Shape(2, e)))
                .optGraphs(manager.create(graph), manager.create(nodeCounts)).optValidateValues(false).build().toNDList();
    }

    private static NDArray array(NDManager m, double[] v, DataType dtype, long... shape) {
        NDArray a = m.create(DoubleBuffer.wrap(v), new Shape(shape));
        return dtype == DataType.FLOAT64 ? a : a.toType(dtype, false);
    }
}
