// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import io.github.segnn.examples.qm9.model.Qm9Model;
import java.util.List;

/**
 * The one place where molecules become the input of a {@link Qm9Model}: each molecule becomes a
 * one-graph {@link GraphBatch} record (the graph rule of {@link Qm9Graphs}: an edge between every
 * two distinct atoms closer than the radius, one-hot H, C, N, O, F node features), {@link
 * GraphBatchifier} concatenates records into one batch, which is the model's input.
 *
 * <ul>
 *   <li>Record and batch (GraphBatch layout): {@code positions (N, 3)} float32 in Å, {@code
 *       nodeFeatures (N, 5)} float32, {@code edgeIndex (2, E)} int64, {@code graphIndex (N,)} int64,
 *       {@code nodeCounts (G,)} int64, the featurized slots empty (the model featurizes).
 * </ul>
 */
public final class Qm9ModelInput {

    private Qm9ModelInput() {}

    /**
     * Builds the one-graph record of a molecule.
     *
     * @param manager the manager of the arrays
     * @param molecule the molecule
     * @param radius the graph cutoff in Å (the run's)
     * @return the record in the GraphBatch NDList layout
     */
    public static NDList record(NDManager manager, Molecule molecule, double radius) {
        int n = molecule.atomCount();
        double[][] p = molecule.positions();
        double[] pos = new double[3 * n];
        double[] x = new double[Qm9Graphs.ELEMENTS * n];
        for (int a = 0; a < n; a++) {
            System.arraycopy(p[a], 0, pos, 3 * a, 3);
            x[Qm9Graphs.ELEMENTS * a + Qm9Graphs.typeIndex(molecule.element(a))] = 1;
        }
        long[][] edges = Graphs.radius(p, new long[n], radius);
        return GraphBatch.builder().setPositions(float32(manager, pos, n, 3))
                .setNodeFeatures(float32(manager, x, n, Qm9Graphs.ELEMENTS))
                .setEdgeIndex(Graphs.toNDArray(manager, edges))
                .optGraphs(manager.create(new long[n]), manager.create(new long[] {n}))
                .optValidateValues(false).build().toNDList();
    }

    /**
     * Builds the model input of a list of molecules in one call: records, batchified, ordered.
     *
     * @param manager the manager of the arrays
     * @param molecules at least one molecule
     * @param radius the graph cutoff in Å
     * @return the model input, graphs in list order
     */
    public static NDList of(NDManager manager, List<Molecule> molecules, double radius) {
        NDList[] records = new NDList[molecules.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = record(manager, molecules.get(i), radius);
        }
        return new GraphBatchifier(false).batchify(records);
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
