// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import io.github.segnn.examples.cli.CliRun;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.Qm9TinyRun;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.experiment.Qm9Predictor;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.io.Qm9XyzParser;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained QM9 run loaded through DJL's Criteria predicts what {@code qm9 predict} does. */
class Qm9CriteriaTest {

    @TempDir
    static Path tmp;

    private static Path run;
    private static List<Path> files;
    private static List<Qm9Molecule> molecules;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        run = Qm9TinyRun.get();
        files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Qm9TestData.xyzFolder(), "*.xyz")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        molecules = new ArrayList<>();
        for (Path f : files) {
            molecules.add(Qm9XyzParser.parse(f));
        }
    }

    @Test
    void criteriaPredictorReproducesQm9Predict() throws Exception {
        Qm9RunInfo info = Qm9RunInfo.read(run);
        double[] expected;
        try (Qm9Predictor p = new Qm9Predictor(info.config(), info.standardization(), run.resolve("best.params"), "cpu")) {
            expected = p.predict(molecules);
        }
        List<Molecule> inputs = molecules.stream().map(Molecule::of).toList();
        try (ZooModel<Molecule, Prediction> model = Qm9Inference.criteria(run).optDevice(Device.cpu()).build()
                .loadModel();
                Predictor<Molecule, Prediction> predictor = model.newPredictor()) {
            List<Prediction> batch = predictor.batchPredict(inputs);
            assertEquals(inputs.size(), batch.size());
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals("homo", batch.get(i).property());
                assertEquals("eV", batch.get(i).unit());
                assertEquals(expected[i], batch.get(i).value(), 1e-6, inputs.get(i).id());
                // one molecule alone: the same value as inside a batch of twenty graphs
                assertEquals(expected[i], predictor.predict(inputs.get(i)).value(), 1e-6, inputs.get(i).id());
            }
        }
        // and the command line itself (it prints six decimals)
        String[] p = CliRun.run("qm9", "predict", "--out", run.toString(), "--xyz", files.get(3).toString(), "--device",
                "cpu");
        assertEquals("0", p[0], p[2]);
        Matcher m = Pattern.compile("predicted homo = (\\S+) eV").matcher(p[1]);
        assertTrue(m.find(), p[1]);
        assertEquals(expected[3], Double.parseDouble(m.group(1)), 1e-6);
    }

    @Test
    void moleculesBuiltInCodeMatchParsedOnes() throws Exception {
        Qm9Molecule water = molecules.get(2);
        Molecule built = Molecule.of("water", List.of("O", "H", "H"), water.positions());
        assertEquals("H2O", built.formula());
        try (ZooModel<Molecule, Prediction> model = Qm9Inference.criteria(run).optDevice(Device.cpu()).build()
                .loadModel();
                Predictor<Molecule, Prediction> predictor = model.newPredictor()) {
            assertEquals(predictor.predict(Molecule.of(water)).value(), predictor.predict(built).value(), 0.0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Molecule.of("salt", List.of("Na", "Cl"), new double[][] {{0, 0, 0}, {0, 0, 2.4}}));
        assertTrue(e.getMessage().contains("salt: atom 1 is 'Na'"), e.getMessage());
    }

    @Test
    void aFolderWithoutRunFailsWithTheFolderName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Qm9Inference.criteria(tmp.resolve("nothing")).optDevice(Device.cpu()).build().loadModel());
        String all = e.getMessage();
        assertTrue(all.contains("nothing") && all.contains("train first"), all);
    }
}
