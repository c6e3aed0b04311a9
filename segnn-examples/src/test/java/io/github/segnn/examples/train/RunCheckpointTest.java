// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.djl.training.listener.TrainingHistory;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFiles;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.model.NbodyModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint folders: what {@code --resume} refuses and how it repairs the metrics table. */
class RunCheckpointTest {

    private static int threads;

    @BeforeAll
    static void oneThread() {
        // one intra-op thread: reductions then sum in the same order in every run
        ai.djl.engine.Engine.getInstance();
        threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    @AfterAll
    static void restoreThreads() {
        JniUtils.setNumThreads(threads);
    }

    private static NbodyExperiment experiment(NbodyArchitecture a) throws Exception {
        Path dir = Path.of(RunCheckpointTest.class.getResource("/io/github/segnn/examples/nbody/reference-seed43-first50")
                .toURI());
        Map<Dataset.Usage, ChargedFrames> data = new EnumMap<>(Dataset.Usage.class);
        for (Dataset.Usage s : Partitions.ORDER) {
            data.put(s, ChargedFiles.readFrames(dir, s));
        }
        return new NbodyExperiment(a, Centring.PER_GRAPH, data, 20, 10);
    }

    private static RunConfig config(Path out, int epochs, boolean resume) {
        return new RunConfig(epochs, 2, 5e-4f, 1e-12f, null, 1f, 7, out, resume, "cpu", 1, 10, 1);
    }

    /** The metrics table without its seconds column. */
    private static String metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.joining("\n"));
    }

    @Test
    void resumeRefusesAFolderWithoutCheckpointAndLeavesItsFilesAlone(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Path best = run.resolve("best.params");
        Files.writeString(best, "another run's parameters");
        IOException e = assertThrows(IOException.class,
                () -> new ExperimentRunner(experiment(NbodyArchitecture.SEGNN_GP), config(run, 2, true), s -> { })
                        .run());
        assertTrue(e.getMessage().contains("holds no checkpoint"), e.getMessage());
        assertEquals("another run's parameters", Files.readString(best));
    }

    @Test
    void resumeNamesEverySettingThatDiffersAndRefusesDamagedCheckpoints(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        new ExperimentRunner(experiment(NbodyArchitecture.SEGNN_GP), config(run, 1, false), s -> { }).run();
        assertTrue(Files.isDirectory(run.resolve("checkpoint-000001")));

        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentRunner(experiment(NbodyArchitecture.SEGNN_G), config(run, 2, true), s -> { })
                        .run());
        assertTrue(mismatch.getMessage().contains("--model: the run has segnn-gp, this command asks for segnn-g"),
                mismatch.getMessage());

        Path params = run.resolve("checkpoint-000001/model.params");
        byte[] whole = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException truncated = assertThrows(IOException.class,
                () -> new ExperimentRunner(experiment(NbodyArchitecture.SEGNN_GP), config(run, 2, true), s -> { })
                        .run());
        assertTrue(truncated.getMessage().contains("model.params") && truncated.getMessage().contains("truncated"),
                truncated.getMessage());
    }

    @Test
    void aResumedRunRewritesTheMetricsOfItsCheckpointAndEndsAsTheUninterruptedRun(@TempDir Path tmp)
            throws Exception {
        NbodyExperiment exp = experiment(NbodyArchitecture.SEGNN_GP);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        RunState straight = new ExperimentRunner(exp, config(a, 3, false), s -> { }).run();
        new ExperimentRunner(exp, config(b, 2, false), s -> { }).run();
        // a run killed after writing epoch 3's metrics row but before its checkpoint
        Files.writeString(b.resolve("metrics.csv"), "3,1.0,,,0.5\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        RunState resumed = new ExperimentRunner(exp, config(b, 3, true), s -> { }).run();
        assertEquals(metrics(a), metrics(b));
        assertEquals(straight.testAtBest, resumed.testAtBest);
        assertEquals(straight.bestEpoch, resumed.bestEpoch);
        List<RunCheckpoint> left = RunCheckpoint.list(b);
        assertEquals(1, left.size(), "older checkpoints are deleted");
        assertEquals(3, left.get(0).epoch());
        assertFalse(Files.list(b).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        assertTrue(Files.readString(left.get(0).folder().resolve("config.json")).contains("library version"));
        // a fresh run into the folder replaces the earlier run's checkpoints once it writes its own
        new ExperimentRunner(exp, config(b, 1, false), s -> { }).run();
        List<RunCheckpoint> fresh = RunCheckpoint.list(b);
        assertEquals(1, fresh.size());
        assertEquals(1, fresh.get(0).epoch());
    }

    @Test
    void aNonFiniteTrainingLossStopsTheRunNamingEpochAndBatch(@TempDir Path tmp) throws Exception {
        NbodyExperiment clean = experiment(NbodyArchitecture.SEGNN_GP);
        Map<Dataset.Usage, ChargedFrames> data = new EnumMap<>(Dataset.Usage.class);
        for (Dataset.Usage s : Partitions.ORDER) {
            data.put(s, clean.frames(s));
        }
        ChargedFrames train = data.get(Dataset.Usage.TRAIN);
        double[] loc = train.locInput().clone();
        java.util.Arrays.fill(loc, Double.POSITIVE_INFINITY);
        data.put(Dataset.Usage.TRAIN, new ChargedFrames(train.numParticles(), loc, train.velInput(), train.locTarget(),
                train.charges()));
        NbodyExperiment bad = new NbodyExperiment(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH, data, 20, 10);
        Path run = tmp.resolve("run");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ExperimentRunner(bad, config(run, 2, false), s -> { }).run());
        assertTrue(e.getMessage().contains("epoch 1, batch 1 of 2"), e.getMessage());
        assertTrue(RunCheckpoint.list(run).isEmpty(), "no checkpoint of a failed epoch");
    }

    @Test
    void aCheckpointThatFailsHalfWrittenLeavesThePreviousOneWhole(@TempDir Path tmp) throws Exception {
        NbodyExperiment exp = experiment(NbodyArchitecture.SEGNN_GP);
        Path run = tmp.resolve("run");
        new ExperimentRunner(exp, config(run, 1, false), s -> { }).run();
        RunCheckpoint before = RunCheckpoint.latest(run);
        Map<Path, byte[]> files = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> all = Files.walk(before.folder())) {
            for (Path f : all.filter(Files::isRegularFile).collect(Collectors.toList())) {
                files.put(f, Files.readAllBytes(f));
            }
        }
        // the disk fills up after the parameters of the next checkpoint are written
        Block full = new NbodyModel(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH) {
            @Override
            public void saveParameters(java.io.DataOutputStream os) throws IOException {
                os.write(new byte[1000]);
                throw new IOException("No space left on device");
            }
        };
        TrainingHistory history = before.history();
        history.addEpoch(1.0, 0.5);
        IOException e = assertThrows(IOException.class, () -> RunCheckpoint.write(run, full,
                ResumableAdam.builder().build(), history, Map.of("model", "segnn-gp"), run.resolve("best.params")));
        assertTrue(e.getMessage().contains("cannot write checkpoint " + run.resolve("checkpoint-000002"))
                && e.getMessage().contains("No space left on device"), e.getMessage());
        RunCheckpoint after = RunCheckpoint.latest(run);
        assertEquals(before.folder(), after.folder());
        after.verify();
        for (Map.Entry<Path, byte[]> f : files.entrySet()) {
            assertTrue(java.util.Arrays.equals(f.getValue(), Files.readAllBytes(f.getKey())), f.getKey().toString());
        }
        assertFalse(Files.list(run).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary folder");
    }
}
