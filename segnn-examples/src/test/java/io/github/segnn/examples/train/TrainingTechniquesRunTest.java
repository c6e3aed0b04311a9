// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.data.ChargedFiles;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with the techniques of {@link TrainingTechniques}: AdamW, a cosine schedule with warm-up,
 * clipping and a weight average resume exactly after an interruption; early stopping ends the run
 * with a checkpoint of its last epoch, which a resume recognizes as done.
 */
class TrainingTechniquesRunTest {

    private static NbodyExperiment experiment() throws Exception {
        Map<Dataset.Usage, ChargedFrames> data = TestData.referenceFrames();
        return new NbodyExperiment(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH, data, 20, 10);
    }

    private static final TrainingTechniques ALL = new TrainingTechniques(TrainingTechniques.Optimizer.ADAMW,
            LearningRateSchedule.COSINE, 1, 1e-5f, 0.5f, 0, 0.05f, 0);

    /** Stands for a killed process: fails after the checkpoint of an epoch. */
    private static final class Kill extends TrainingListenerAdapter {
        private final int after;
        private int epochs;

        Kill(int after) {
            this.after = after;
        }

        @Override
        public void onEpoch(Trainer trainer) {
            if (++epochs == after) {
                throw new IllegalStateException("killed after epoch " + after);
            }
        }
    }

    /** SWA from epoch 2: a resume after epoch 1 must know that epoch 2 is averaged. */
    private static final TrainingTechniques SWA = new TrainingTechniques(TrainingTechniques.Optimizer.ADAM,
            LearningRateSchedule.STEP, 0, 0f, 0f, 2, 0f, 0);

    @Test
    void techniquesResumeExactly(@TempDir Path tmp) throws Exception {
        ai.djl.engine.Engine.getInstance();
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            NbodyExperiment exp = experiment();
            resumesExactly(exp, tmp.resolve("swa"), SWA);
            resumesExactly(exp, tmp, ALL);
            // another weight average is another run
            RunConfig again = new RunConfig(2, 1, 1e-3f, 1e-2f, null, 1f, 7, tmp.resolve("b"), true, "cpu");
            TrainingTechniques other = new TrainingTechniques(ALL.optimizer(), ALL.schedule(), ALL.warmupEpochs(),
                    ALL.minLr(), 0.25f, 0, ALL.clipGradNorm(), 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExperimentRunner(exp, again, s -> { }).techniques(other).run());
            assertTrue(e.getMessage().contains("--ema-decay: the run has 0.5, this command asks for 0.25"),
                    e.getMessage());
            // the cosine schedule ends at --epochs: a longer run is another schedule
            RunConfig longer = new RunConfig(3, 1, 1e-3f, 1e-2f, null, 1f, 7, tmp.resolve("b"), true, "cpu");
            IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
                    () -> new ExperimentRunner(exp, longer, s -> { }).techniques(ALL).run());
            assertTrue(l.getMessage().contains("--epochs (the length of --schedule cosine): the run has 2"),
                    l.getMessage());
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    /** A run of 2 epochs equals one killed after epoch 1 and resumed, in every file of its checkpoint. */
    private static void resumesExactly(NbodyExperiment exp, Path tmp, TrainingTechniques techniques)
            throws Exception {
        RunConfig straight = new RunConfig(2, 1, 1e-3f, 1e-2f, null, 1f, 7, tmp.resolve("a"), false, "cpu");
        RunState a = new ExperimentRunner(exp, straight, s -> { }).techniques(techniques).run();
        RunConfig first = new RunConfig(2, 1, 1e-3f, 1e-2f, null, 1f, 7, tmp.resolve("b"), false, "cpu");
        IllegalStateException killed = assertThrows(IllegalStateException.class,
                () -> new ExperimentRunner(exp, first, s -> { }).techniques(techniques)
                        .addTrainingListener(new Kill(1)).run());
        assertTrue(killed.getMessage().contains("killed"), killed.getMessage());
        RunConfig again = new RunConfig(2, 1, 1e-3f, 1e-2f, null, 1f, 7, tmp.resolve("b"), true, "cpu");
        RunState b = new ExperimentRunner(exp, again, s -> { }).techniques(techniques).run();
        assertEquals(2, b.epochsDone);
        assertEquals(Files.readAllLines(tmp.resolve("a/metrics.csv")).subList(0, 3).stream()
                .map(TrainingTechniquesRunTest::withoutSeconds).toList(),
                Files.readAllLines(tmp.resolve("b/metrics.csv")).stream()
                        .map(TrainingTechniquesRunTest::withoutSeconds).toList());
        assertEquals(a.testAtBest, b.testAtBest, 0.0);
        Path ca = tmp.resolve("a/checkpoint-000002");
        Path cb = tmp.resolve("b/checkpoint-000002");
        for (String f : List.of("model.params", "optimizer.bin", "weight-average.bin", "best.params")) {
            assertArrayEquals(Files.readAllBytes(ca.resolve(f)), Files.readAllBytes(cb.resolve(f)), f);
        }
        // the best parameters are the average: evaluating them gives the recorded test metric
        double eval = new ExperimentRunner(exp, straight, s -> { }).evaluate(tmp.resolve("a/best.params"),
                ai.djl.training.dataset.Dataset.Usage.TEST);
        assertEquals(a.testAtBest, eval, 1e-6 * eval);
    }

    private static String withoutSeconds(String csvLine) {
        return csvLine.substring(0, csvLine.lastIndexOf(','));
    }

    @Test
    void earlyStoppingEndsTheRunWithACheckpoint(@TempDir Path tmp) throws Exception {
        NbodyExperiment exp = experiment();
        // after epoch 1 the rate is 0: the weights, and so the validation MSE, stay as they are
        TrainingTechniques patient = new TrainingTechniques(TrainingTechniques.Optimizer.ADAM,
                LearningRateSchedule.STEP, 0, 0f, 0f, 0, 0f, 2);
        RunConfig cfg = new RunConfig(8, 1, 1e-3f, 0f, new int[] {1}, 0f, 7, tmp.resolve("r"), false, "cpu", 1, 10, 2);
        List<String> log = new ArrayList<>();
        RunState s = new ExperimentRunner(exp, cfg, log::add).techniques(patient).run();
        assertEquals(3, s.epochsDone, String.join("\n", log));
        assertEquals(1, s.bestEpoch);
        assertTrue(log.contains("stopped early after epoch 3: the validation metric has not improved in 2 evaluations"
                + " since epoch 1"), String.join("\n", log));
        assertTrue(Files.isDirectory(tmp.resolve("r/checkpoint-000003")), "the last epoch is checkpointed");
        assertEquals(4, Files.readAllLines(tmp.resolve("r/metrics.csv")).size());

        RunConfig resume = new RunConfig(8, 1, 1e-3f, 0f, new int[] {1}, 0f, 7, tmp.resolve("r"), true, "cpu", 1, 10,
                2);
        List<String> again = new ArrayList<>();
        RunState r = new ExperimentRunner(exp, resume, again::add).techniques(patient).run();
        assertEquals(3, r.epochsDone, "a resumed run that had stopped stays stopped");
        assertTrue(again.stream().anyMatch(x -> x.startsWith("the run stopped early after epoch 3")), again.toString());
    }
}
