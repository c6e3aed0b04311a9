// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphBatchifier;
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
        return NbodyDataset.graphBatch(manager, graph, 1, n, pos, vel, system.charges(), DataType.FLOAT32);
    }
}
