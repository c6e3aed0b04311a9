// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.segnn.djl.io.AtomicFiles;
import io.github.segnn.examples.cli.CliRun;
import io.github.segnn.examples.io.FolderDigest;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.StagedFolder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No data folder is changed by a failing or interrupted command: checksums of every file before
 * and after a command that finds a partial, truncated or non-finite data set, that would overwrite
 * existing files, that runs out of disk space, or that is killed with SIGKILL while generating.
 */
class DataFolderSafetyTest {

    @TempDir
    Path tmp;

    private Path generated(String name) {
        Path dir = tmp.resolve(name);
        String[] r = CliRun.run("nbody", "generate", "--layout", "frames", "--out", dir.toString(), "--num-train", "4",
                "--num-valid", "2", "--num-test", "2", "--threads", "1");
        assertEquals("0", r[0], r[2]);
        return dir;
    }

    private String[] train(Path data) {
        return CliRun.run("nbody", "train", "--data", data.toString(), "--out", tmp.resolve("run").toString(),
                "--device", "cpu", "--epochs", "1", "--batch-size", "2", "--num-train", "4", "--num-valid", "2",
                "--num-test", "2", "--threads", "1");
    }

    private static void assertRefusedAndUntouched(Path dir, Map<String, String> before, String[] r, String... says) {
        assertEquals("1", r[0], r[1] + r[2]);
        for (String s : says) {
            assertTrue(r[2].contains(s), "expected '" + s + "' in: " + r[2]);
        }
        assertFalse(r[1].contains("generating"), r[1]);
        assertEquals(before, FolderDigest.of(dir), "the data folder is byte-identical");
    }

    @Test
    void aMissingFileIsReportedNotRegenerated() throws IOException {
        Path dir = generated("missing");
        Files.delete(dir.resolve("charges_train.npy"));
        Map<String, String> before = FolderDigest.of(dir);
        assertEquals(11, before.size());
        assertRefusedAndUntouched(dir, before, train(dir), "charges_train.npy: missing",
                "incomplete or damaged charged N-body data set", "nothing was generated or changed");
    }

    @Test
    void truncatedAndMisshapenFilesAreReportedTogether() throws IOException {
        Path dir = generated("damaged");
        Path valid = dir.resolve("loc30_valid.npy");
        try (RandomAccessFile f = new RandomAccessFile(valid.toFile(), "rw")) {
            f.setLength(f.length() - 40);
        }
        Npy.write(dir.resolve("loc40_test.npy"), new double[2 * 3 * 4], 2, 3, 4);
        Map<String, String> before = FolderDigest.of(dir);
        assertRefusedAndUntouched(dir, before, train(dir), "loc30_valid.npy: truncated",
                "loc40_test.npy: expected shape (S, 3, particles) = (2, 3, 5), got (2, 3, 4)", "2 problems in 12 files");
    }

    @Test
    void nonFiniteInputsAreNamedWithFileAndIndexBeforeTraining() throws IOException {
        Path dir = generated("nan");
        Path loc = dir.resolve("loc30_train.npy");
        double[] v = Npy.read(loc).doubles();
        v[1 * 15 + 2 * 5 + 3] = Double.NaN;
        v[3 * 15] = Double.POSITIVE_INFINITY;
        Npy.write(loc, v, 4, 3, 5);
        Map<String, String> before = FolderDigest.of(dir);
        String[] r = train(dir);
        assertRefusedAndUntouched(dir, before, r, "loc30_train.npy: non-finite value NaN at index [1, 2, 3]",
                "(2 non-finite values in all)");
        assertFalse(r[1].contains("epoch"), "nothing trained: " + r[1]);
    }

    @Test
    void generateNeverOverwritesExistingFiles() {
        Path dir = generated("twice");
        Map<String, String> before = FolderDigest.of(dir);
        String[] r = CliRun.run("nbody", "generate", "--layout", "both", "--out", dir.toString(), "--num-train", "3",
                "--num-valid", "1", "--num-test", "1", "--threads", "1", "--seed", "7");
        assertRefusedAndUntouched(dir, before, r, "already holds", "charges_test.npy", "never overwritten");
        assertEquals(List.of("twice"), siblings(tmp), "no temporary folder is left beside it");
    }

    @Test
    void generateAddsToAFolderOfOtherFiles() throws IOException {
        Path dir = tmp.resolve("notes");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.txt"), "my notes");
        String[] r = CliRun.run("nbody", "generate", "--layout", "frames", "--out", dir.toString(), "--num-train", "2",
                "--num-valid", "1", "--num-test", "1", "--threads", "1");
        assertEquals("0", r[0], r[2]);
        assertEquals(13, FolderDigest.of(dir).size());
        assertEquals("my notes", Files.readString(dir.resolve("README.txt")));
    }

    @Test
    void aFullDiskLeavesTheTargetAsItWasAndNoTemporaryFolder() throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "needs Linux's /dev/full to simulate a full disk");
        Path dir = tmp.resolve("full");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.txt"), "my notes");
        Map<String, String> before = FolderDigest.of(dir);
        IOException e = assertThrows(IOException.class, () -> StagedFolder.write(dir, staging -> {
            Npy.write(staging.resolve("a.npy"), new double[] {1, 2}, 2);
            // the next file's bytes go to a device that is always full: the write fails with ENOSPC
            AtomicFiles.write(staging.resolve("b.npy"), part -> {
                Files.createSymbolicLink(part, devFull);
                Files.write(part, new byte[1 << 16]);
            });
        }));
        assertTrue(e.getMessage().contains("b.npy: cannot write: No space left on device"), e.getMessage());
        assertEquals(before, FolderDigest.of(dir));
        assertEquals(List.of("full"), siblings(tmp), "the staging folder is gone");
    }

    @Test
    void sigkillDuringGenerationLeavesTheFolderUntouched() throws Exception {
        // generate into a folder of other files; train into a new folder (implicit generation)
        Path notes = tmp.resolve("kept");
        Files.createDirectories(notes);
        Files.writeString(notes.resolve("README.txt"), "my notes");
        Map<String, String> before = FolderDigest.of(notes);
        killWhileStaging(notes, false, "nbody", "generate", "--out", notes.toString(), "--num-train", "4000", "--num-valid",
                "10", "--num-test", "10", "--threads", "1");
        assertEquals(before, FolderDigest.of(notes), "generate killed: the folder is byte-identical");

        Path fresh = tmp.resolve("fresh");
        killWhileStaging(fresh, true, "nbody", "train", "--data", fresh.toString(), "--out", tmp.resolve("r").toString(),
                "--num-train", "4000", "--num-valid", "10", "--num-test", "10", "--threads", "1", "--device", "cpu");
        // the kill may land before or after the one rename: the folder is absent or complete, never partial
        assertTrue(!Files.exists(fresh) || NbodyData.checkFrames(fresh).complete(), FolderDigest.of(fresh).toString());
    }

    /**
     * Starts the command line in a new JVM, waits until it stages files (or, if {@code orPublished},
     * until the target appears), and kills it with SIGKILL.
     */
    private static void killWhileStaging(Path target, boolean orPublished, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                "io.github.segnn.examples.cli.SegnnCli"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String staging = "." + target.getFileName() + ".partial-";
        while (p.isAlive() && System.nanoTime() < deadline
                && siblings(target.getParent()).stream().noneMatch(n -> n.startsWith(staging))
                && !(orPublished && Files.exists(target))) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the command ended before it could be killed (exit " + (p.isAlive() ? "" : p.exitValue())
                + ")");
        p.destroyForcibly(); // SIGKILL on Unix: no shutdown hook runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    private static List<String> siblings(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
