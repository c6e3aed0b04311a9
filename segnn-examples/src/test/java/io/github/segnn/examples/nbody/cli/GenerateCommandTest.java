// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.SegnnCli;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.nbody.simulation.ChargedSystem;
import io.github.segnn.examples.nbody.simulation.ChargedTrajectory;
import io.github.segnn.examples.random.NumpyRandom;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SegnnCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesAllThreeSplitsFromOneStreamAndReportsTime() throws IOException {
        int rc = run("nbody", "generate", "--out", dir.toString(), "--num-train", "3", "--num-valid", "2",
                "--num-test", "1", "--threads", "2", "--layout", "both");
        assertEquals(0, rc, err.toString());
        String text = out.toString();
        assertTrue(text.contains("loc_train_charged5_initvel1small.npy  (3, 49, 3, 5) float64"), text);
        assertTrue(text.contains("charges_test_charged5_initvel1small.npy  (1, 5, 1) float64"), text);
        assertTrue(text.contains("loc30_valid.npy  (2, 3, 5) float64"), text);
        assertTrue(text.matches("(?s).*charged: 3/2/1 trajectories, seed 43, 2 threads: 24 files in [0-9.]+ s.*"), text);

        ChargedSystem system = ChargedSystem.builder().build();
        NumpyRandom rng = new NumpyRandom(43);
        for (int i = 0; i < 3; i++) {
            system.drawInitialState(rng);
        }
        ChargedTrajectory firstValid = system.sample(rng);
        double[] written = Npy.read(dir.resolve("loc_valid_charged5_initvel1small.npy")).doubles();
        assertArrayEquals(firstValid.loc(), java.util.Arrays.copyOf(written, firstValid.loc().length));
    }

    @Test
    void gravityRunsWithFewBodies() {
        int rc = run("nbody", "generate", "--system", "gravity", "--particles", "4", "--out", dir.toString(),
                "--num-train", "1", "--num-valid", "0", "--num-test", "1", "--threads", "1", "--suffix", "tiny");
        assertEquals(0, rc, err.toString());
        assertTrue(Files.exists(dir.resolve("force_train_gravity4_initvel1tiny.npy")));
        assertTrue(Files.exists(dir.resolve("mass_valid_gravity4_initvel1tiny.npy")));
        assertTrue(out.toString().contains("(1, 50, 3, 4) float64"), out.toString());
    }

    @Test
    void badArgumentsGiveAMessageNotAStackTrace() {
        assertEquals(2, run("nbody", "generate", "--num-train", "-1", "--out", dir.toString()));
        assertTrue(err.toString().startsWith("--num-train must be >= 0, got -1"), err.toString());
        assertEquals(2, run("nbody", "generate", "--system", "plasma"));
        assertTrue(err.toString().contains("Invalid value for option '--system'"), err.toString());
        assertEquals(2, run("nbody", "generate", "--seed", "4294967296", "--out", dir.toString()));
        assertTrue(err.toString().contains("--seed must be between 0 and 4294967295"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void unwritableOutputIsAOneLineError() throws IOException {
        Path file = dir.resolve("occupied");
        Files.writeString(file, "x");
        assertEquals(2, run("nbody", "generate", "--out", file.toString(), "--num-train", "1"));
        assertTrue(err.toString().contains("exists and is not a directory"), err.toString());
        Path blocked = file.resolve("sub");
        assertEquals(1, run("nbody", "generate", "--out", blocked.toString(), "--num-train", "1"));
        assertTrue(err.toString().contains("generate: error: "), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("nbody", "generate", "--help"));
        for (String option : new String[] {"--system", "--out", "--num-train", "--num-valid", "--num-test",
                "--seed", "--suffix", "--threads"}) {
            assertTrue(out.toString().contains(option), option);
        }
    }
}
