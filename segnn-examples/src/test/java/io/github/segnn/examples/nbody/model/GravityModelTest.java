// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.GravityTarget;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.data.NbodyGraph;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.experiment.NbodyTask;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gravity model: kNN batches, direct prediction, the charged model's sizes, E(3) equivariance. */
class GravityModelTest {

    /** Three systems of 12 bodies at Gaussian positions (no equal distances, so the kNN graph is unique). */
    static ChargedFrames frames(int systems, int n, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[3][systems * 3 * n];
        for (double[] x : a) {
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
        }
        double[] mass = new double[systems * n];
        java.util.Arrays.fill(mass, 1.0);
        return new ChargedFrames(n, a[0], a[1], a[2], mass);
    }

    private static long params(NbodyModel model) {
        return model.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
    }

    @Test
    void kNearestNeighbourBatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList[] batch = NbodyDataset.build(m, frames(3, 12, 1), NbodyGraph.knn(6), new int[] {2, 0},
                    DataType.FLOAT32);
            assertEquals(new Shape(2, 2 * 12 * 6), batch[0].get(2).getShape());
            long[] e = batch[0].get(2).toLongArray();
            int edges = 2 * 12 * 6;
            for (int k = 0; k < edges; k++) {
                long src = e[k];
                long dst = e[edges + k];
                assertTrue(src != dst && src / 12 == dst / 12, "edge " + src + " -> " + dst);
                assertEquals(k / 6, dst, "six incoming edges per node, in target order");
            }
        }
        assertEquals(2 * 5 * 4, NbodyGraph.knn(6).edgeCount(2, 5), "at most n - 1 neighbours");
        assertEquals(2 * 5 * 4, NbodyGraph.FULLY_CONNECTED.edgeCount(2, 5));
    }

    @Test
    void paperSizesAndEquivarianceWithDirectOutput() {
        ChargedFrames data = frames(3, 12, 2);
        long[] expected = {147_424, 147_424, 88_600, 81_888};
        NbodyTask task = NbodyTask.gravity(6, GravityTarget.POS);
        for (NbodyArchitecture a : new NbodyArchitecture[] {NbodyArchitecture.SEGNN_GP, NbodyArchitecture.SEGNN_G,
            NbodyArchitecture.SE_LINEAR, NbodyArchitecture.SE_NONLINEAR}) {
            for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    NbodyModel model = new NbodyModel(a, Centring.PER_GRAPH, task.residual());
                    NDList[] batch = NbodyDataset.build(m, data, task.graph(), new int[] {0, 1, 2}, dt);
                    model.initialize(m, dt, batch[0].getShapes());
                    assertEquals(expected[a.ordinal()], params(model), a.flag());
                    // the output is a translation-invariant vector (1x1o): rotations, reflections,
                    // translations and node permutations
                    EquivarianceChecker.builder().optTrials(4).build().check(model, batch[0])
                            .assertBelow(dt == DataType.FLOAT32 ? 1e-5 : 1e-10);
                }
            }
        }
    }

    @Test
    void experimentShapesNamesAndEgnnRejected() {
        Map<Dataset.Usage, ChargedFrames> data = new EnumMap<>(Dataset.Usage.class);
        for (Dataset.Usage s : Partitions.ORDER) {
            data.put(s, frames(4, 12, 3 + Partitions.index(s)));
        }
        NbodyExperiment exp = new NbodyExperiment(NbodyTask.gravity(6, GravityTarget.FORCE), NbodyArchitecture.SEGNN_GP,
                Centring.PER_NODE, data, 100, 2);
        assertEquals("gravity-force-segnn-gp", exp.name());
        assertEquals(2, exp.trainBatchesPerEpoch());
        assertEquals(new Shape(2, 2 * 12 * 6), exp.inputShapes()[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NbodyExperiment(
                NbodyTask.gravity(6, GravityTarget.POS), NbodyArchitecture.EGNN, Centring.PER_GRAPH, data, 4, 2));
        assertTrue(e.getMessage().contains("egnn"), e.getMessage());
    }
}
