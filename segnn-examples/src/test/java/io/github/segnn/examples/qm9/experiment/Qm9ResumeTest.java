// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Pooling;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import io.github.segnn.examples.qm9.model.Qm9ModelConfig;
import io.github.segnn.examples.train.ExperimentRunner;
import io.github.segnn.examples.train.RunConfig;
import io.github.segnn.examples.train.RunState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QM9 run stopped after one epoch and resumed gives the same second epoch as a run without
 * interruption (to float32 rounding; a resumed run that restarted from the initial weights, or a
 * run that kept summing its gradients, differs by far more), and evaluating its best parameters
 * again gives the test MAE it reported.
 */
class Qm9ResumeTest {

    @TempDir
    Path tmp;

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        List<Qm9Molecule> all = Qm9Reader.builder().optThreads(1).build().read(Qm9TestData.xyzFolder());
        Map<Dataset.Usage, List<Qm9Molecule>> parts = new EnumMap<>(Dataset.Usage.class);
        parts.put(Dataset.Usage.TRAIN, all.subList(0, 12));
        parts.put(Dataset.Usage.VALIDATION, all.subList(12, 16));
        parts.put(Dataset.Usage.TEST, all.subList(16, 20));
        Qm9ModelConfig cfg = new Qm9ModelConfig(2.0, 1, 1, 1, 8, FeatureNorm.INSTANCE, Pooling.AVG);
        Qm9Experiment exp = new Qm9Experiment(cfg, Qm9Target.ALPHA, parts, 4, null, 1);
        int[] milestones = {1, 3};
        Path a = tmp.resolve("a");
        RunState full = new ExperimentRunner(exp, new RunConfig(2, 1, 5e-3f, 1e-8f, milestones, 0.1f, 7, a, false, "cpu"),
                s -> { }).run();
        Path b = tmp.resolve("b");
        new ExperimentRunner(exp, new RunConfig(1, 1, 5e-3f, 1e-8f, milestones, 0.1f, 7, b, false, "cpu"), s -> { }).run();
        RunState resumed = new ExperimentRunner(exp, new RunConfig(2, 1, 5e-3f, 1e-8f, milestones, 0.1f, 7, b, true,
                "cpu"), s -> { }).run();
        List<String> rowsA = Files.readAllLines(a.resolve("metrics.csv"), StandardCharsets.UTF_8);
        List<String> rowsB = Files.readAllLines(b.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertEquals(3, rowsA.size());
        assertEquals(rowsA.size(), rowsB.size());
        for (int i = 1; i < 3; i++) {
            String[] ca = rowsA.get(i).split(",");
            String[] cb = rowsB.get(i).split(",");
            assertEquals(ca[0], cb[0]);
            for (int c = 1; c < 4; c++) {
                // equal up to float32 rounding: MKL's summation order may depend on where arrays lie in memory
                double x = Double.parseDouble(ca[c]);
                assertEquals(x, Double.parseDouble(cb[c]), 1e-5 * Math.abs(x), "epoch " + i + " column " + c);
            }
        }
        assertEquals(full.testAtBest, resumed.testAtBest, 1e-5 * full.testAtBest);
        ExperimentRunner eval = new ExperimentRunner(exp, new RunConfig(1, 1, 1f, 0f, null, 1f, 0, b, false, "cpu"),
                s -> { });
        assertEquals(resumed.testAtBest, eval.evaluate(b.resolve("best.params"), ai.djl.training.dataset.Dataset.Usage.TEST), 1e-6 * resumed.testAtBest);
    }
}
