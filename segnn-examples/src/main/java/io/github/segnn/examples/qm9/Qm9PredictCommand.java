// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segnn qm9 predict}: predicts the run's target for molecules given as original-format QM9
 * {@code .xyz} files, printing one line per file: the prediction in the target's unit, and the
 * value the file lists with the error in the report unit.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict a trained run's QM9 target for molecules in original-format .xyz files.")
public final class Qm9PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Qm9RunFolder run;

    @Option(names = "--xyz", paramLabel = "FILE", required = true,
            description = "A QM9 .xyz file (dsgdb9nsd format); may be repeated.")
    private List<Path> xyz;

    /** Creates the command; picocli fills the fields. */
    public Qm9PredictCommand() {
        // picocli
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Qm9RunInfo info = run.info();
            Qm9Target t = info.qm9Target();
            List<Qm9Molecule> molecules = new ArrayList<>();
            for (Path file : xyz) {
                if (!Files.isRegularFile(file)) {
                    throw new NoSuchFileException(file.toString(), null, "no such .xyz file");
                }
                molecules.add(Qm9XyzParser.parse(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1)));
            }
            try (Qm9Predictor p = new Qm9Predictor(info.config(), info.standardization(), run.paramsFile(), run.device)) {
                double[] y = p.predict(molecules);
                for (int i = 0; i < y.length; i++) {
                    double truth = t.value(molecules.get(i));
                    out.println(String.format(Locale.ROOT, "%s (gdb %d): predicted %s = %.6f %s; file %.6f %s; error %.4g %s",
                            xyz.get(i), molecules.get(i).gdbIndex(), t.label(), y[i], t.unit(), truth, t.unit(),
                            t.toReportUnit(y[i] - truth), t.reportUnit()));
                }
            }
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("qm9 predict: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            err.flush();
            return 1;
        }
    }
}
