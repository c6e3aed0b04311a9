// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import io.github.segnn.examples.cli.CliRun;
import io.github.segnn.examples.nbody.cli.NbodyRecipe;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-recipe options of {@code nbody train}: listed in the help, checked with errors that
 * name the option, taken from {@code --recipe tuned} unless given, recorded in the run's
 * checkpoint, and held to by {@code --resume}.
 */
class TrainingRecipeTest {

    @TempDir
    Path tmp;

    private List<String> args(String out, String... extra) {
        List<String> a = argsWithoutBatchSize(out, "--batch-size", "20");
        a.addAll(List.of(extra));
        return a;
    }

    private List<String> argsWithoutBatchSize(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("nbody", "train", "--data", tmp.resolve("data").toString(), "--out",
                tmp.resolve(out).toString(), "--num-train", "40", "--num-valid", "20", "--num-test", "20",
                "--eval-every", "1", "--device", "cpu", "--threads", "1"));
        a.addAll(List.of(extra));
        return a;
    }

    private static String[] run(List<String> a) {
        return CliRun.run(a.toArray(new String[0]));
    }

    @Test
    void helpListsTheOptions() {
        String[] r = CliRun.run("nbody", "train", "--help");
        for (String o : List.of("--recipe", "--optimizer", "--schedule", "--warmup-epochs", "--min-lr", "--ema-decay",
                "--swa-start-epoch", "--clip-grad-norm", "--lr-scaling", "--early-stop-patience",
                "--validation-only")) {
            assertTrue(r[1].contains(o), o + " in\n" + r[1]);
        }
    }

    @Test
    void badValuesNameTheOptionAndTheRange() {
        String[][] cases = {
            {"--ema-decay", "1.5", "--ema-decay must lie in [0, 1) (0: no average), got 1.5"},
            {"--optimizer", "sgd", "--optimizer must be adam or adamw, got 'sgd'"},
            {"--lr-scaling", "log", "--lr-scaling must be none, linear or sqrt, got 'log'"},
            {"--clip-grad-norm", "-1", "--clip-grad-norm must be >= 0 (0: no clipping), got -1.0"},
            {"--early-stop-patience", "-2", "--early-stop-patience must be >= 0 (0: never), got -2"},
            {"--recipe", "fast", "--recipe must be paper or tuned, got 'fast'"},
            {"--swa-start-epoch", "-1", "--swa-start-epoch must be >= 0 (0: no SWA), got -1"},
        };
        for (String[] c : cases) {
            String[] r = run(args("bad", "--epochs", "2", c[0], c[1]));
            assertEquals("2", r[0], r[1] + r[2]);
            assertTrue(r[2].contains(c[2]), c[0] + ": " + r[2]);
        }
        String[] warm = run(args("bad", "--epochs", "3", "--schedule", "cosine", "--warmup-epochs", "3"));
        assertTrue(warm[2].contains("--warmup-epochs must lie in [0, --epochs - 1 = 2], got 3"), warm[2]);
        String[] both = run(args("bad", "--epochs", "3", "--swa-start-epoch", "2", "--ema-decay", "0.9"));
        assertTrue(both[2].contains("--swa-start-epoch and --ema-decay are two averages of the weights: give one"),
                both[2]);
        // the schedule is checked after the averages: SWA given replaces the recipe's weight average
        String[] swaOverTuned = run(args("bad", "--recipe", "tuned", "--epochs", "4", "--swa-start-epoch", "3"));
        assertTrue(swaOverTuned[2].contains("--warmup-epochs must lie in"), swaOverTuned[2]);
        String[] tuned = run(args("bad", "--recipe", "tuned", "--epochs", "4"));
        assertTrue(tuned[2].contains("--warmup-epochs must lie in [0, --epochs - 1 = 3], got 5 (with --recipe tuned)"),
                tuned[2]);
        assertTrue(!Files.exists(tmp.resolve("bad")), "nothing is written before the options are checked");
    }

    @Test
    void tunedRecipeIsRecordedAndHeldToOnResume() throws Exception {
        List<String> a = args("t", "--recipe", "tuned", "--epochs", "2", "--warmup-epochs", "1", "--clip-grad-norm",
                "1", "--lr-scaling", "sqrt", "--validation-only");
        String[] r = run(a);
        assertEquals("0", r[0], r[1] + r[2]);
        float recipeLr = Float.parseFloat(NbodyRecipe.TUNED.value("--lr", NbodyArchitecture.SEGNN_GP));
        float scaled = (float) (recipeLr * Math.sqrt(0.2));
        String scaling = String.format(Locale.ROOT, "learning rate %.4g x sqrt(20/100) = %.4g (--lr-scaling sqrt)",
                recipeLr, scaled);
        assertTrue(r[1].contains(scaling), scaling + " in\n" + r[1]);
        assertTrue(Files.exists(tmp.resolve("t/checkpoint-000002/weight-average.bin")),
                "the weight average is checkpointed");
        Map<String, String> cfg = recordedSettings("t");
        assertEquals("adamw", cfg.get("--optimizer"));
        assertEquals("cosine", cfg.get("--schedule"));
        assertEquals("1", cfg.get("--warmup-epochs"), "an option given overrides the recipe's value");
        assertEquals("0.999", cfg.get("--ema-decay"));
        assertEquals("1.0", cfg.get("--clip-grad-norm"));
        assertEquals("0.01", cfg.get("--weight-decay"));
        assertEquals(Float.toString(scaled), cfg.get("--lr"));
        assertEquals("2", cfg.get("--epochs (the length of --schedule cosine)"));

        List<String> changed = new ArrayList<>(a);
        changed.set(changed.indexOf("--clip-grad-norm") + 1, "2");
        changed.add("--resume");
        String[] refused = run(changed);
        assertEquals("1", refused[0], refused[1] + refused[2]);
        assertTrue(refused[2].contains("--clip-grad-norm: the run has 1.0, this command asks for 2.0"), refused[2]);
    }

    @Test
    void tunedRecipeSetsTheBatchSizeUnlessGiven() throws Exception {
        String recipeBatch = NbodyRecipe.TUNED.value("--batch-size", NbodyArchitecture.SEGNN_GP);
        assertTrue(recipeBatch != null && Integer.parseInt(recipeBatch) < 40, "the test's 40 systems hold a batch");
        String[] r = run(argsWithoutBatchSize("b", "--recipe", "tuned", "--epochs", "2", "--warmup-epochs", "1",
                "--validation-only"));
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(recipeBatch, recordedSettings("b").get("--batch-size"));

        String[] given = run(argsWithoutBatchSize("g", "--recipe", "tuned", "--epochs", "2", "--warmup-epochs", "1",
                "--batch-size", "40", "--validation-only"));
        assertEquals("0", given[0], given[1] + given[2]);
        assertEquals("40", recordedSettings("g").get("--batch-size"), "--batch-size given overrides the recipe's");

        String[] bigger = run(argsWithoutBatchSize("m", "--recipe", "tuned", "--max-samples", "10"));
        assertEquals("2", bigger[0], bigger[1] + bigger[2]);
        assertTrue(bigger[2].contains("--max-samples 10 is smaller than --batch-size " + recipeBatch), bigger[2]);
    }

    @Test
    void tunedRecipeClipsEgnnsGradients() throws Exception {
        String clip = NbodyRecipe.TUNED.value("--clip-grad-norm", NbodyArchitecture.EGNN);
        assertNull(NbodyRecipe.TUNED.value("--clip-grad-norm", NbodyArchitecture.SEGNN_GP));
        String[] r = run(args("e", "--recipe", "tuned", "--model", "egnn", "--epochs", "2", "--warmup-epochs", "1",
                "--validation-only"));
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(Float.toString(Float.parseFloat(clip)), recordedSettings("e").get("--clip-grad-norm"));
        assertEquals("0.01", recordedSettings("e").get("--weight-decay"), "the other values are the recipe's");
    }

    /** The settings recorded in the second epoch's checkpoint of a run in {@code tmp}. */
    private Map<String, String> recordedSettings(String run) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> cfg = new Gson().fromJson(
                Files.readString(tmp.resolve(run).resolve("checkpoint-000002/config.json")), Map.class);
        return cfg;
    }
}
