// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nbody train|eval --system gravity} end to end on a tiny generated set: 20/10/10 systems of
 * 10 bodies, 2 epochs, then a resumed third epoch and the force target.
 */
class GravityTrainCommandTest {

    private static final Pattern TEST_MSE = Pattern.compile("test_mse=(\\S+)");

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        return CliRun.run(args);
    }

    private static double testMse(String output) {
        String[] lines = output.strip().split("\n");
        Matcher m = TEST_MSE.matcher(lines[lines.length - 1].strip());
        assertTrue(m.matches(), output);
        return Double.parseDouble(m.group(1));
    }

    private String[] args(Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("--system", "gravity", "--data",
                tmp.resolve("data").toString(), "--out", out.toString(), "--batch-size", "10", "--device", "cpu"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static String[] concat(String a, String b, String... rest) {
        String[] out = new String[rest.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    @Test
    void generatesTrainsEvaluatesAndResumes() throws Exception {
        Path out = tmp.resolve("run");
        String[] r = run(concat("nbody", "train", args(out, "--particles", "10", "--num-train", "20", "--num-valid",
                "10", "--num-test", "10", "--epochs", "2", "--eval-every", "1")));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("generating the 10-body data set"), r[1]);
        assertTrue(Files.exists(tmp.resolve("data/force_train_gravity10_initvel1small.npy")));
        double trained = testMse(r[1]);
        assertTrue(trained > 0 && Double.isFinite(trained), r[1]);
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertEquals(3, csv.size(), csv.toString());
        for (String f : new String[] {"best.params", "checkpoint-000002/model.params", "checkpoint-000002/optimizer.bin",
            "checkpoint-000002/history.json", "checkpoint-000002/manifest.json"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        String[] e = run(concat("nbody", "eval", args(out)));
        assertEquals("0", e[0], e[2]);
        assertEquals(trained, testMse(e[1]), 1e-5 * trained, "eval of best.params reproduces train's test_mse");

        String[] resumed = run(concat("nbody", "train", args(out, "--epochs", "3", "--eval-every", "1", "--resume")));
        assertEquals("0", resumed[0], resumed[2]);
        assertTrue(resumed[1].contains("after epoch 2"), resumed[1]);
        assertFalse(resumed[1].contains("generating"), resumed[1]);
        testMse(resumed[1]);
        csv = Files.readAllLines(out.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(csv.get(3).startsWith("3,"), csv.toString());

        Path force = tmp.resolve("force");
        String[] f = run(concat("nbody", "train", args(force, "--target", "force", "--model", "segnn-g", "--faithful",
                "--epochs", "1")));
        assertEquals("0", f[0], f[2]);
        assertTrue(testMse(f[1]) > 0, f[1]);

        String[] egnn = run(concat("nbody", "train", args(tmp.resolve("egnn"), "--model", "egnn", "--epochs", "1")));
        assertEquals("2", egnn[0], egnn[1]);
        assertTrue(egnn[2].contains("egnn") && !egnn[2].contains("\tat "), egnn[2]);
    }
}
