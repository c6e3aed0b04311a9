// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFiles;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {

    private static NbodyExperiment experiment() throws Exception {
        Path dir = Path.of(ExperimentRunnerTest.class.getResource("/io/github/segnn/examples/nbody/reference-seed43-first50")
                .toURI());
        Map<Dataset.Usage, ChargedFrames> data = new EnumMap<>(Dataset.Usage.class);
        for (Dataset.Usage s : Partitions.ORDER) {
            data.put(s, ChargedFiles.readFrames(dir, s));
        }
        return new NbodyExperiment(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH, data, 20, 10);
    }

    private static RunConfig config(Path out, int epochs, boolean resume) {
        return new RunConfig(epochs, 1, 5e-4f, 1e-12f, null, 1f, 7, out, resume, "cpu");
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        // one intra-op thread: multi-threaded reductions may sum in a different order from run to run,
        // and Adam's first steps turn last-bit differences of near-zero gradients into visible ones
        ai.djl.engine.Engine.getInstance();
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            checkResume(tmp);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static void checkResume(Path tmp) throws Exception {
        NbodyExperiment exp = experiment();
        RunState straight = new ExperimentRunner(exp, config(tmp.resolve("a"), 2, false), s -> { }).run();
        new ExperimentRunner(exp, config(tmp.resolve("b"), 1, false), s -> { }).run();
        RunState resumed = new ExperimentRunner(exp, config(tmp.resolve("b"), 2, true), s -> { }).run();
        assertEquals(2, resumed.epochsDone);
        List<String> a = Files.readAllLines(tmp.resolve("a/metrics.csv"));
        List<String> b = Files.readAllLines(tmp.resolve("b/metrics.csv"));
        assertEquals(3, a.size());
        assertEquals(3, b.size());
        for (int i = 1; i < 3; i++) {
            String[] x = a.get(i).split(",");
            String[] y = b.get(i).split(",");
            for (int c = 1; c < 4; c++) {
                assertEquals(Double.parseDouble(x[c]), Double.parseDouble(y[c]), 1e-9 * Math.abs(Double.parseDouble(x[c])),
                        "epoch " + i + " column " + c);
            }
        }
        assertEquals(straight.testAtBest, resumed.testAtBest, 1e-9 * straight.testAtBest);
        assertTrue(Files.exists(tmp.resolve("a/best.params")));
        double eval = new ExperimentRunner(exp, config(tmp.resolve("a"), 2, false), s -> { })
                .evaluate(tmp.resolve("a/best.params"), ai.djl.training.dataset.Dataset.Usage.TEST);
        assertEquals(straight.testAtBest, eval, 1e-6 * eval);
    }
}
