// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.examples.nbody.NbodyGraph;
import io.github.segnn.examples.nbody.NbodyModel;

/**
 * The one place where particle systems become the input of an {@link NbodyModel}: each system is
 * a one-graph {@link GraphBatch} record (edges by the run's {@link NbodyGraph}: fully connected or
 * k nearest neighbours), {@link GraphBatchifier} concatenates records, and {@link #toModelInput}
 * orders a batch as the model's forward expects it.
 *
 * <ul>
 *   <li>Record and batch (GraphBatch layout): {@code positions (N, 3)}, {@code nodeFeatures (N, 3)}
 *       the velocities, {@code edgeIndex (2, E)}, {@code graphIndex (N,)}, {@code nodeCounts (G,)},
 *       extra {@code node:charges (N, 1)}; floats are float32.
 *   <li>Model input: {@code [pos, vel, charges, edgeIndex, graphIndex, nodeCounts]}.
 * </ul>
 */
public final class NbodyModelInput {

    /** Name of the node-level extra holding the charges (masses for gravity). */
    public static final String CHARGES = "charges";

    private NbodyModelInput() {}

    /**
     * Builds the one-graph record of a system.
     *
     * @param manager the manager of the arrays
     * @param system the system
     * @param graph how its particles are connected
     * @return the record in the GraphBatch NDList layout
     */
    public static NDList record(NDManager manager, ParticleSystem system, NbodyGraph graph) {
        int n = system.size();
        double[][] p = system.positions();
        double[][] v = system.velocities();
        double[] pos = new double[3 * n];
        double[] vel = new double[3 * n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(p[k], 0, pos, 3 * k, 3);
            System.arraycopy(v[k], 0, vel, 3 * k, 3);
        }
        long[][] edges = graph.edges(pos, 1, n);
        return GraphBatch.builder().setPositions(float32(manager, pos, n, 3)).setNodeFeatures(float32(manager, vel, n, 3))
                .setEdgeIndex(Graphs.toNDArray(manager, edges))
                .optGraphs(manager.create(new long[n]), manager.create(new long[] {n}))
                .addNodeExtra(CHARGES, float32(manager, system.charges(), n, 1)).optValidateValues(false).build()
                .toNDList();
    }

    /**
     * Orders a batch of records as {@link NbodyModel#forward} expects it.
     *
     * @param batch a GraphBatch NDList (records concatenated by {@link GraphBatchifier})
     * @return {@code [pos (N, 3), vel (N, 3), charges (N, 1), edgeIndex (2, E), graphIndex (N,),
     *     nodeCounts (G,)]}
     */
    public static NDList toModelInput(NDList batch) {
        GraphBatch b = GraphBatch.fromNDList(batch, false);
        return new NDList(b.positions(), b.nodeFeatures(), b.extra(CHARGES), b.edgeIndex(), b.graphIndex(),
                b.nodeCounts());
    }

    /** Rounds to float32 on the host (as PyTorch's float64 to float32 cast does) and copies once. */
    private static NDArray float32(NDManager m, double[] v, long... shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return m.create(f, new Shape(shape));
    }
}
