// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import io.github.segnn.djl.io.IoMessages;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.experiment.Qm9Predictor;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.io.Qm9XyzParser;
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
            description = "A QM9 .xyz file (dsgdb9nsd format), or a folder whose .xyz files are all predicted;"
                    + " may be repeated.")
    private List<Path> xyz;

    /** Creates the command; picocli fills the fields. */
    public Qm9PredictCommand() {
        // picocli
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<Path> files = xyzFiles();
            Qm9RunInfo info = run.info();
            Qm9Target t = info.qm9Target();
            List<Qm9Molecule> molecules = new ArrayList<>();
            for (Path file : files) {
                molecules.add(Qm9XyzParser.parse(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1)));
            }
            try (Qm9Predictor p = new Qm9Predictor(info.config(), info.standardization(), run.paramsFile(), run.device)) {
                double[] y = p.predict(molecules);
                for (int i = 0; i < y.length; i++) {
                    double truth = t.value(molecules.get(i));
                    out.println(String.format(Locale.ROOT, "%s (gdb %d): predicted %s = %.6f %s; file %.6f %s; error %.4g %s",
                            files.get(i), molecules.get(i).gdbIndex(), t.label(), y[i], t.unit(), truth, t.unit(),
                            t.toReportUnit(y[i] - truth), t.reportUnit()));
                }
            }
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("qm9 predict: " + IoMessages.describe(e).replace('\n', ' '));
            err.flush();
            return 1;
        }
    }

    /** The {@code --xyz} arguments with each folder replaced by its {@code .xyz} files, sorted by name. */
    private List<Path> xyzFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : xyz) {
            if (Files.isDirectory(p)) {
                List<Path> inside;
                try (java.util.stream.Stream<Path> s = Files.list(p)) {
                    inside = s.filter(f -> f.getFileName().toString().endsWith(".xyz") && Files.isRegularFile(f))
                            .sorted().collect(java.util.stream.Collectors.toList());
                }
                if (inside.isEmpty()) {
                    throw new NoSuchFileException(p.toString(), null,
                            "--xyz: the folder holds no .xyz files (give QM9 .xyz files, or a folder of them)");
                }
                files.addAll(inside);
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(p.toString(), null,
                        "--xyz: no such file or folder (give QM9 .xyz files, or a folder of them)");
            }
        }
        return files;
    }
}
