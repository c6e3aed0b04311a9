// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.CliRun;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.experiment.Qm9Report;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qm9 train}, {@code eval} and {@code predict} on the 20 sample molecules with the real
 * Cormorant split: 14 of them are training molecules, 4 validation and 1 test (gdb 5001); 5003 is
 * excluded.
 */
class Qm9TrainCommandTest {

    private static final Pattern TEST_MAE = Pattern.compile("test_mae=(\\S+) meV");

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        return CliRun.run(args);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Test
    void trainEvalPredictOnSampleMolecules() throws Exception {
        String data = Qm9TestData.xyzFolder().toString();
        String excl = Qm9TestData.resource("/qm9/excluded-indices.txt").toString();
        Path out = tmp.resolve("run");
        String[] r = run("qm9", "train", "--data", data, "--exclusions", excl, "--target", "homo", "--epochs", "2",
                "--batch-size", "8", "--layers", "1", "--hidden-features", "8", "--lmax-attr", "1", "--lmax-h", "1",
                "--out", out.toString(), "--device", "cpu", "--threads", "1");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("train 14/100000 valid 4/17748 test 1/13083"), r[1]);
        Matcher trained = TEST_MAE.matcher(lastLine(r[1]));
        assertTrue(trained.matches(), lastLine(r[1]));
        double testMae = Double.parseDouble(trained.group(1));
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"), StandardCharsets.UTF_8);
        assertEquals("epoch,train_loss,valid,test,seconds", csv.get(0));
        assertEquals(3, csv.size());
        for (String row : csv.subList(1, 3)) {
            String[] cells = row.split(",");
            assertEquals(5, cells.length, row);
            assertTrue(Double.parseDouble(cells[2]) > 0 && Double.parseDouble(cells[3]) > 0, row);
        }
        for (String f : new String[] {"best.params", "checkpoint-000002/model.params", "checkpoint-000002/history.json",
            Qm9RunInfo.FILE,
            Qm9Report.CURVES_PNG, Qm9Report.CURVES_CSV}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        Qm9RunInfo info = Qm9RunInfo.read(out);
        assertEquals("homo", info.target);
        assertEquals(14, info.trainMolecules);

        String[] e = run("qm9", "eval", "--data", data, "--exclusions", excl, "--out", out.toString(), "--device", "cpu",
                "--threads", "1");
        assertEquals("0", e[0], e[2]);
        Matcher evaluated = TEST_MAE.matcher(lastLine(e[1]));
        assertTrue(evaluated.matches(), lastLine(e[1]));
        assertEquals(testMae, Double.parseDouble(evaluated.group(1)), 1e-9 + 1e-5 * testMae,
                "eval of best.params reproduces the test MAE at the best validation epoch");

        Path xyz = Qm9TestData.sample(5001);
        String[] p = run("qm9", "predict", "--out", out.toString(), "--xyz", xyz.toString(), "--device", "cpu");
        assertEquals("0", p[0], p[2]);
        Matcher pred = Pattern.compile(".*predicted homo = (\\S+) eV; file (\\S+) eV; error (\\S+) meV")
                .matcher(lastLine(p[1]));
        assertTrue(pred.matches(), p[1]);
        assertEquals(-0.2485 * Qm9Target.HARTREE_TO_EV, Double.parseDouble(pred.group(2)), 1e-5);
        // the only test molecule: its error is the test MAE
        assertEquals(testMae, Math.abs(Double.parseDouble(pred.group(3))), 1e-3 * testMae);
    }

    @Test
    void errorsAreOneLineWithoutStackTraces() {
        String data = Qm9TestData.xyzFolder().toString();
        Path out = tmp.resolve("none");
        String[][] cases = {
            {"qm9", "train", "--data", tmp.resolve("missing.tar.bz2").toString(), "--out", out.toString()},
            {"qm9", "train", "--data", data, "--target", "foo", "--out", out.toString()},
            {"qm9", "train", "--data", data, "--out", out.toString()},
            {"qm9", "train", "--data", data, "--layers", "0", "--out", out.toString()},
            {"qm9", "eval", "--data", data, "--out", out.toString()},
            {"qm9", "predict", "--out", out.toString(), "--xyz", data + "/dsgdb9nsd_000001.xyz"},
            {"qm9", "predict", "--xyz", data + "/dsgdb9nsd_000001.xyz"},
        };
        String[] expected = {"missing.tar.bz2", "unknown QM9 target 'foo'", "--exclusions", "--layers", "train first",
            "train first", "--out"};
        for (int i = 0; i < cases.length; i++) {
            String[] r = run(cases[i]);
            assertEquals("1", r[0], String.join(" ", cases[i]) + ": " + r[2]);
            assertEquals(1, r[2].strip().split("\n").length, r[2]);
            assertTrue(r[2].contains(expected[i]), r[2]);
            assertFalse(r[2].contains("Exception") || r[2].contains("\tat "), r[2]);
        }
    }
}
