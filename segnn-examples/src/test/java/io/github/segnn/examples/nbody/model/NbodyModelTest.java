// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.examples.nbody.TestData;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.data.NbodyGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NbodyModelTest {

    private static long params(NbodyModel model) {
        return model.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
    }

    @Test
    void paperSizesAndEquivariance() throws Exception {
        Map<Dataset.Usage, ChargedFrames> data = TestData.referenceFrames();
        long[] expected = {147_424, 147_424, 88_600, 81_888, -1};
        for (NbodyArchitecture a : NbodyArchitecture.values()) {
            for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    NbodyModel model = new NbodyModel(a, Centring.PER_GRAPH);
                    NDList[] batch = NbodyDataset.build(m, data.get(Dataset.Usage.TRAIN), NbodyGraph.FULLY_CONNECTED, new int[] {0, 1, 2}, dt);
                    model.initialize(m, dt, batch[0].getShapes());
                    if (expected[a.ordinal()] > 0) {
                        assertEquals(expected[a.ordinal()], params(model), a.flag());
                    }
                    EquivarianceChecker.builder().optTrials(2).build().check(model, batch[0])
                            .assertBelow(dt == DataType.FLOAT32 ? 1e-5 : 1e-10);
                }
            }
        }
    }

    @Test
    void faithfulCentringBreaksRotationEquivarianceAsTheOfficialCode() throws Exception {
        Map<Dataset.Usage, ChargedFrames> data = TestData.referenceFrames();
        try (NDManager m = NDManager.newBaseManager()) {
            NbodyModel model = new NbodyModel(NbodyArchitecture.SEGNN_GP, Centring.PER_NODE);
            NDList[] batch = NbodyDataset.build(m, data.get(Dataset.Usage.TRAIN), NbodyGraph.FULLY_CONNECTED, new int[] {0, 1}, DataType.FLOAT64);
            model.initialize(m, DataType.FLOAT64, batch[0].getShapes());
            double err = EquivarianceChecker.builder().optTrials(2).optTranslations(false).build()
                    .check(model, batch[0]).maxRelativeError();
            assertTrue(err > 1e-4, "per-node centring should not be rotation equivariant, error " + err);
        }
    }
}
