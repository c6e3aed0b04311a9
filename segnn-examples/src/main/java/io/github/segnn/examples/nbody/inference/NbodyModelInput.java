// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.data.NbodyGraph;
import io.github.segnn.examples.nbody.model.NbodyModel;

/**
 * The one place where particle systems become the input of an {@link NbodyModel}: each system is
 * a one-graph {@link GraphBatch} record (edges by the run's {@link NbodyGraph}: fully connected or
 * k nearest neighbours) in the layout of {@link NbodyDataset}'s records, and {@link GraphBatchifier}
 * concatenates records into the model's input: {@code positions (N, 3)}, {@code nodeFeatures (N, 0)},
 * {@code edgeIndex (2, E)}, {@code graphIndex (N,)}, {@code nodeCounts (G,)}, the empty featurized
 * slots, extras {@code node:velocities (N, 3)} and {@code node:charges (N, 1)}; floats are float32.
 */
public final class NbodyModelInput {

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
        return GraphBatch.builder().setPositions(float32(manager, pos, n, 3))
                .setNodeFeatures(manager.create(new float[0], new Shape(n, 0)))
                .setEdgeIndex(Graphs.toNDArray(manager, edges))
                .optGraphs(manager.create(new long[n]), manager.create(new long[] {n}))
                .addNodeExtra(NbodyDataset.VELOCITIES, float32(manager, vel, n, 3))
                .addNodeExtra(NbodyDataset.CHARGES, float32(manager, system.charges(), n, 1)).optValidateValues(false).build()
                .toNDList();
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
