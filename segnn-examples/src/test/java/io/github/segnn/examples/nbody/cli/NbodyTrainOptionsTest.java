// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options of {@code nbody train}: {@code --parallel-parts 2} (batches cut in two parts on two
 * threads train the same model as whole batches, up to rounding, and repeat bit for bit; {@code auto}
 * cuts no batch into parts under 50 systems) and
 * {@code --lr-milestones} / {@code --lr-gamma}; and EGNN training stays finite.
 */
class NbodyTrainOptionsTest {

    private static final Pattern TEST_MSE = Pattern.compile("test_mse=(\\S+)");

    @TempDir
    Path tmp;

    private String[] train(String out, String parts) {
        List<String> a = new ArrayList<>(List.of("nbody", "train", "--data", tmp.resolve("data").toString(), "--out",
                tmp.resolve(out).toString(), "--num-train", "40", "--num-valid", "20", "--num-test", "20",
                "--batch-size", "20", "--epochs", "2", "--eval-every", "2", "--device", "cpu", "--threads", "1",
                "--parallel-parts", parts));
        return CliRun.run(a.toArray(new String[0]));
    }

    private static double testMse(String[] r) {
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        Matcher m = TEST_MSE.matcher(lines[lines.length - 1].strip());
        assertTrue(m.matches(), r[1]);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void twoPartsMatchWholeBatchesAndRepeat() {
        String[] auto = train("auto", "auto");
        assertTrue(!auto[1].contains("parallel parts"), "auto takes no parts of fewer than 50 systems: " + auto[1]);
        double whole = testMse(train("whole", "1"));
        assertEquals(whole, testMse(auto), 0.0, "auto with batches of 20 is the whole batch");
        String[] first = train("a", "2");
        assertTrue(first[1].contains("2 parallel parts per training batch"), first[1]);
        double a = testMse(first);
        double b = testMse(train("b", "2"));
        assertEquals(a, b, 0.0, "two parallel parts are bit-reproducible");
        assertEquals(whole, a, 1e-4 * whole, "parallel parts train the same model as whole batches");
    }

    @Test
    void learningRateMilestonesChangeTheRunAndAreChecked() {
        double constant = testMse(train("c", "1"));
        List<String> a = new ArrayList<>(List.of("nbody", "train", "--data", tmp.resolve("data").toString(), "--out",
                tmp.resolve("m").toString(), "--num-train", "40", "--num-valid", "20", "--num-test", "20",
                "--batch-size", "20", "--epochs", "2", "--eval-every", "2", "--device", "cpu", "--threads", "1",
                "--lr-milestones", "1", "--lr-gamma", "0.01"));
        double decayed = testMse(CliRun.run(a.toArray(new String[0])));
        assertTrue(decayed != constant, "a milestone after epoch 1 changes epoch 2");
        a.set(a.indexOf("--lr-milestones") + 1, "2");
        String[] bad = CliRun.run(a.toArray(new String[0]));
        assertEquals("2", bad[0], bad[1] + bad[2]);
        assertTrue(bad[2].contains("--lr-milestones must lie in [1, --epochs - 1 = 1], got 2"), bad[2]);
    }

    @Test
    void egnnTrainsToAFiniteLoss() {
        // regression: EGNN's MLPs used DJL's Activation.swishBlock, whose scalar (a Java buffer freed by
        // the garbage collector while autograd still holds it) turned the loss into NaN within the first
        // epoch on this configuration, depending on GC timing
        List<String> a = new ArrayList<>(List.of("nbody", "train", "--model", "egnn", "--data",
                tmp.resolve("egnn-data").toString(), "--out", tmp.resolve("egnn").toString(), "--num-train", "200",
                "--num-valid", "20", "--num-test", "20", "--batch-size", "20", "--epochs", "3", "--eval-every", "3",
                "--device", "cpu", "--threads", "1"));
        double mse = testMse(CliRun.run(a.toArray(new String[0])));
        assertTrue(Double.isFinite(mse) && mse > 0, "test_mse=" + mse);
    }

    @Test
    void rejectsPartCountsOutsideTheBatch() {
        String[] r = train("bad", "0");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("--parallel-parts must be auto or in [1, --batch-size = 20], got '0'"), r[2]);
        String[] word = train("bad2", "two");
        assertEquals("2", word[0], word[1] + word[2]);
        assertTrue(word[2].contains("--parallel-parts must be auto or in [1, --batch-size = 20], got 'two'"), word[2]);
    }
}
