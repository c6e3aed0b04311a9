// SPDX-License-Identifier: Apache-2.0
package com.example.segnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.training.listener.TrainingHistory;
import io.github.segnn.examples.cli.SegnnCli;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's DJL program ({@link TrainNbody}) and {@code segnn nbody train} on the same data with
 * the same seed give the same run: every epoch's training loss and evaluations, digit for digit.
 */
class TrainNbodyTest {

    @Test
    void theDjlProgramReproducesTheCommand(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Map<Dataset.Usage, ChargedFrames> frames = NbodyData.load(data, true, 43, new int[] {300, 200, 200}, 2, line -> { });
        TrainingHistory history = TrainNbody.train(frames, 2, 42);

        Path run = tmp.resolve("run");
        StringWriter out = new StringWriter();
        CommandLine cli = SegnnCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute("nbody", "train", "--data", data.toString(), "--out", run.toString(), "--epochs", "2",
                "--parallel-parts", "1", "--seed", "42");
        assertEquals(0, exit, out.toString());

        List<String> ours = withoutSeconds(history.toCsv());
        List<String> command = withoutSeconds(Files.readString(run.resolve("metrics.csv")));
        assertEquals(3, ours.size(), history.toCsv());
        assertEquals(command, ours);
        String printed = String.format(Locale.ROOT, "test_mse=%.6g", history.testAtBest());
        assertTrue(out.toString().contains(printed), printed + " not in:\n" + out);
    }

    /** The metrics table without its last column (wall-clock seconds), line by line. */
    private static List<String> withoutSeconds(String csv) {
        return Arrays.stream(csv.strip().split("\n"))
                .map(line -> line.substring(0, line.lastIndexOf(',')))
                .collect(Collectors.toList());
    }
}
