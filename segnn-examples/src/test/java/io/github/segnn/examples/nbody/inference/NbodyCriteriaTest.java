// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.cli.CliRun;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyData;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.experiment.NbodyPredictor;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained charged N-body run loaded through DJL's Criteria predicts what {@code nbody predict} does. */
class NbodyCriteriaTest {

    @TempDir
    Path tmp;

    @Test
    void criteriaPredictorReproducesNbodyPredict() throws Exception {
        Path data = tmp.resolve("data");
        Path run = tmp.resolve("run");
        String[] t = CliRun.run("nbody", "train", "--data", data.toString(), "--out", run.toString(), "--num-train", "40",
                "--num-valid", "20", "--num-test", "20", "--max-samples", "40", "--batch-size", "20", "--epochs", "1",
                "--eval-every", "1", "--device", "cpu", "--threads", "1");
        assertEquals("0", t[0], t[2]);
        Map<Dataset.Usage, ChargedFrames> frames = NbodyData.load(data, false, 43, new int[] {40, 20, 20}, 1, s -> { });
        NbodyExperiment exp = new NbodyExperiment(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH, frames, 40, 20);
        ChargedFrames test = frames.get(Dataset.Usage.TEST);
        int[] systems = {0, 1, 2, 3, 4, 5, 6};
        double[][][] expected;
        try (NbodyPredictor p = new NbodyPredictor(exp, run.resolve("best.params"), "cpu")) {
            expected = p.predict(test, systems);
        }
        double[][][] pos = NbodyPredictor.positions(test, systems, false);
        int n = test.numParticles();
        List<ParticleSystem> inputs = new ArrayList<>();
        for (int s = 0; s < systems.length; s++) {
            double[][] vel = new double[n][3];
            double[] q = new double[n];
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < 3; c++) {
                    vel[k][c] = test.velInput()[systems[s] * 3 * n + c * n + k];
                }
                q[k] = test.charges()[systems[s] * n + k];
            }
            inputs.add(ParticleSystem.of(pos[s], vel, q));
        }
        try (ZooModel<ParticleSystem, ParticlePrediction> model = NbodyInference.criteria(run).optDevice(Device.cpu())
                .build().loadModel();
                Predictor<ParticleSystem, ParticlePrediction> predictor = model.newPredictor()) {
            List<ParticlePrediction> batch = predictor.batchPredict(inputs);
            for (int s = 0; s < systems.length; s++) {
                ParticlePrediction single = predictor.predict(inputs.get(s));
                assertEquals("positions", batch.get(s).quantity());
                for (int k = 0; k < n; k++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(expected[s][k][c], batch.get(s).values()[k][c], 1e-6, "system " + s);
                        assertEquals(expected[s][k][c], single.values()[k][c], 1e-6, "system " + s + " alone");
                    }
                }
            }
        }
        // nbody predict prints its table to System.out
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        String[] p;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            p = CliRun.run("nbody", "predict", "--data", data.toString(), "--out", run.toString(),
                "--max-samples", "40", "--batch-size", "20", "--index", "2",
                "--device", "cpu", "--png", tmp.resolve("p.png").toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals("0", p[0], p[2]);
        String table = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\\n\\s+0\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)").matcher(table);
        assertTrue(m.find(), table);
        for (int c = 0; c < 3; c++) {
            // the command prints five decimals
            assertEquals(expected[2][0][c], Double.parseDouble(m.group(1 + c)), 1e-5);
        }
    }

    @Test
    void badArgumentsAndFoldersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NbodyInference.criteria(tmp.resolve("none")));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("train first"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ParticleSystem.of(new double[][] {{0, 0, 0}, {1, 1, 1}}, new double[][] {{0, 0, 0}},
                        new double[] {1, -1}));
        assertTrue(bad.getMessage().contains("2 positions but 1 velocities"), bad.getMessage());
    }
}
