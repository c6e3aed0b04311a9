// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nbody train --validation-only}: the test set is never evaluated (no test MSE in the log or
 * in metrics.csv), the run ends with the best validation MSE and its epoch, and a resume must keep
 * the setting.
 */
class ValidationOnlyTest {

    private static final Pattern BEST = Pattern.compile("best_valid_mse=(\\S+) epoch=(\\d+)");

    @TempDir
    Path tmp;

    private List<String> args(int epochs) {
        return new ArrayList<>(List.of("nbody", "train", "--data", tmp.resolve("data").toString(), "--out",
                tmp.resolve("run").toString(), "--num-train", "40", "--num-valid", "20", "--num-test", "20",
                "--batch-size", "20", "--epochs", Integer.toString(epochs), "--eval-every", "1", "--device", "cpu",
                "--threads", "1"));
    }

    @Test
    void neverEvaluatesTheTestSet() throws Exception {
        List<String> a = args(2);
        a.add("--validation-only");
        String[] r = CliRun.run(a.toArray(new String[0]));
        assertEquals("0", r[0], r[1] + r[2]);
        assertFalse(r[1].contains("test_mse") || r[1].contains("test_"), r[1]);
        String[] lines = r[1].strip().split("\n");
        Matcher m = BEST.matcher(lines[lines.length - 1].strip());
        assertTrue(m.matches(), r[1]);
        double best = Double.parseDouble(m.group(1));
        int epoch = Integer.parseInt(m.group(2));
        assertTrue(epoch == 1 || epoch == 2, r[1]);

        List<String> csv = Files.readAllLines(tmp.resolve("run").resolve("metrics.csv"));
        assertEquals("epoch,train_loss,valid,test,seconds", csv.get(0));
        assertEquals(3, csv.size(), String.join("\n", csv));
        double lowest = Double.POSITIVE_INFINITY;
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",", -1);
            assertEquals("", cells[3], "no test MSE: " + row);
            lowest = Math.min(lowest, Double.parseDouble(cells[2]));
        }
        assertEquals(lowest, best, 1e-5 * lowest, "the printed best is the lowest validation MSE");

        // resuming without the flag would start evaluating the test set: refused
        List<String> again = args(3);
        again.add("--resume");
        String[] refused = CliRun.run(again.toArray(new String[0]));
        assertFalse("0".equals(refused[0]), refused[1] + refused[2]);
        assertTrue((refused[1] + refused[2]).contains("--validation-only: the run has true"), refused[1] + refused[2]);
    }
}
