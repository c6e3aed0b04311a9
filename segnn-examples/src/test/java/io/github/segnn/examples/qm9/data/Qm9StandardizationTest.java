// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Pooling;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.experiment.Qm9Experiment;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import io.github.segnn.examples.qm9.model.Qm9ModelConfig;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Qm9StandardizationTest {

    @Test
    void meanAndMeanAbsoluteDeviation() {
        Qm9Standardization s = Qm9Standardization.of(new double[] {1, 2, 3, 10});
        assertEquals(4.0, s.mean(), 1e-15);
        assertEquals((3 + 2 + 1 + 6) / 4.0, s.mad(), 1e-15); // mean |y - 4|, not the std (3.54)
        assertEquals(2.0, s.standardize(10), 1e-15);
        assertEquals(10.0, s.destandardize(2.0), 1e-15);
        assertEquals(-1.7, s.destandardize(s.standardize(-1.7)), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> Qm9Standardization.of(new double[] {5, 5}));
        assertThrows(IllegalArgumentException.class, () -> Qm9Standardization.of(new double[0]));
    }

    @Test
    void experimentStandardizesWithTrainingStatisticsAndReportsMaeInMeV() throws IOException {
        List<Qm9Molecule> all = Qm9Reader.builder().optThreads(1).build().read(Qm9TestData.xyzFolder());
        Map<Dataset.Usage, List<Qm9Molecule>> parts = new EnumMap<>(Dataset.Usage.class);
        parts.put(Dataset.Usage.TRAIN, all.subList(0, 12));
        parts.put(Dataset.Usage.VALIDATION, all.subList(12, 16));
        parts.put(Dataset.Usage.TEST, all.subList(16, 20));
        Qm9ModelConfig cfg = new Qm9ModelConfig(2.0, 1, 1, 1, 8, FeatureNorm.INSTANCE, Pooling.AVG);
        Qm9Experiment exp = new Qm9Experiment(cfg, Qm9Target.HOMO, parts, 5, null, 1);
        double[] train = new double[12];
        for (int i = 0; i < 12; i++) {
            train[i] = all.get(i).property(Qm9Property.HOMO) * Qm9Target.HARTREE_TO_EV;
        }
        Qm9Standardization s = Qm9Standardization.of(train);
        assertEquals(s, exp.standardization());
        double[] testLabels = exp.labels(Dataset.Usage.TEST);
        for (int i = 0; i < 4; i++) {
            assertEquals((Qm9Target.HOMO.value(all.get(16 + i)) - s.mean()) / s.mad(), testLabels[i], 1e-12);
        }
        assertEquals(3, exp.trainBatchesPerEpoch()); // 12 molecules in batches of 5, the last one smaller
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {0.5f, -1f}, new Shape(2, 1));
            NDArray label = m.create(new double[] {0.25, -1.5}, new Shape(2, 1));
            double[] r = exp.metric(new NDList(pred), new NDList(label));
            assertEquals(2, r[1]);
            // |z' - z| * MAD is the error in eV; the report unit is meV
            assertEquals((0.25 + 0.5) * s.mad() * 1000, r[0], 1e-9);
            NDArray loss = exp.loss().evaluate(new NDList(label), new NDList(pred));
            assertEquals((0.25 + 0.5) / 2, loss.getFloat(), 1e-7);
        }
        Qm9Experiment fixed = new Qm9Experiment(cfg, Qm9Target.HOMO, parts, 5, new Qm9Standardization(-7, 2), 1);
        assertEquals((Qm9Target.HOMO.value(all.get(0)) + 7) / 2, fixed.labels(Dataset.Usage.TRAIN)[0], 1e-12);
        assertTrue(exp.name().contains("homo"));
    }
}
