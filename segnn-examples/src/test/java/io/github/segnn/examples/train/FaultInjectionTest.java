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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills training runs (a child JVM, SIGKILL) at random moments, resumes them (from scratch when the
 * kill came before the first checkpoint, as {@code --resume} then says), and checks that every run
 * ends with the uninterrupted run's test metric and metrics table (all columns but the seconds,
 * byte for byte).
 */
class FaultInjectionTest {

    private static final int TRIALS = 10;

    /** The child: trains the fixture's charged data for 3 epochs, printing the final test metric. */
    public static final class Child {
        private Child() {}

        /**
         * Runs the child.
         *
         * @param args the data folder, the run folder, {@code resume} or {@code fresh}
         * @throws Exception on any failure (non-zero exit)
         */
        public static void main(String[] args) throws Exception {
            ai.djl.engine.Engine.getInstance();
            JniUtils.setNumThreads(1);
            Path dir = Path.of(args[0]);
            Map<Dataset.Usage, ChargedFrames> data = new EnumMap<>(Dataset.Usage.class);
            for (Dataset.Usage s : Partitions.ORDER) {
                data.put(s, ChargedFiles.readFrames(dir, s));
            }
            NbodyExperiment exp = new NbodyExperiment(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH, data, 20, 10);
            RunConfig cfg = new RunConfig(3, 1, 5e-4f, 1e-12f, null, 1f, 5, Path.of(args[1]), "resume".equals(args[2]),
                    "cpu", 1, 10, 1);
            try {
                RunState s = new ExperimentRunner(exp, cfg, line -> { }).run();
                System.out.println(String.format(Locale.ROOT, "test_metric=%.17g", s.testAtBest));
                System.exit(0);
            } catch (IOException e) {
                System.out.println("error: " + e.getMessage());
                System.exit(2);
            }
        }
    }

    private static Process start(Path data, Path run, String mode, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        cmd.add(data.toString());
        cmd.add(run.toString());
        cmd.add(mode);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String finish(Path data, Path run, String mode, Path log) throws Exception {
        Process p = start(data, run, mode, log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child finished");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        return p.exitValue() + "\n" + out.lines().filter(l -> l.startsWith("test_metric=") || l.startsWith("error: "))
                .collect(Collectors.joining("\n"));
    }

    private static String metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.joining("\n"));
    }

    @Test
    void killedAndResumedRunsEndAsTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path data = Path.of(FaultInjectionTest.class.getResource("/io/github/segnn/examples/nbody/"
                + "reference-seed43-first50").toURI());
        long t0 = System.nanoTime();
        String want = finish(data, tmp.resolve("reference"), "fresh", tmp.resolve("reference.log"));
        long duration = System.nanoTime() - t0;
        assertTrue(want.startsWith("0\ntest_metric="), want);
        String wantMetrics = metrics(tmp.resolve("reference"));
        assertEquals(4, wantMetrics.lines().count(), wantMetrics);
        Random random = new Random(20261207);
        int beforeFirstCheckpoint = 0;
        for (int t = 0; t < TRIALS; t++) {
            Path run = tmp.resolve("trial" + t);
            Process p = start(data, run, "fresh", tmp.resolve("killed" + t + ".log"));
            long delay = (long) (duration * (0.2 + 0.75 * random.nextDouble()));
            if (!p.waitFor(delay, TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            String got = finish(data, run, "resume", tmp.resolve("resumed" + t + ".log"));
            if (got.contains("holds no checkpoint")) {
                beforeFirstCheckpoint++;
                got = finish(data, run, "fresh", tmp.resolve("restarted" + t + ".log"));
            }
            assertEquals(want, got, "trial " + t + " killed after " + delay / 1_000_000 + " ms");
            assertEquals(wantMetrics, metrics(run), "trial " + t + " metrics.csv");
        }
        assertTrue(beforeFirstCheckpoint < TRIALS, "some kills came after a checkpoint");
    }
}
