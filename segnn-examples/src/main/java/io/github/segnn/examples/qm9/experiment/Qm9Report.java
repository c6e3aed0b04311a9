// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.experiment;

import io.github.segnn.examples.plot.LearningCurves;
import io.github.segnn.examples.qm9.data.Qm9Standardization;
import io.github.segnn.examples.qm9.data.Qm9Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the learning curves of a QM9 run. The training loss of {@code metrics.csv} is the L1 loss
 * on standardized targets; {@code learning_curves.csv} holds the same rows with it converted to
 * the report unit ({@code loss * MAD}, the training MAE as the official code prints it, averaged
 * over the epoch's batches), so that the three curves of {@code learning_curves.png} share one unit.
 */
public final class Qm9Report {

    /** The converted CSV. */
    public static final String CURVES_CSV = "learning_curves.csv";
    /** The plot. */
    public static final String CURVES_PNG = "learning_curves.png";

    private Qm9Report() {}

    /**
     * Writes {@value #CURVES_CSV} and {@value #CURVES_PNG} into the run folder.
     *
     * @param runDir the run folder, holding {@code metrics.csv}
     * @param target the target
     * @param standardization the standardization of the run
     * @return the plot's path
     * @throws IOException if reading or writing fails
     */
    public static Path writePlots(Path runDir, Qm9Target target, Qm9Standardization standardization)
            throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.csv"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 || line.isBlank()) {
                out.add(line);
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length > 1 && !cells[1].isEmpty()) {
                double loss = Double.parseDouble(cells[1]);
                cells[1] = String.format(Locale.ROOT, "%.8g", target.toReportUnit(loss * standardization.mad()));
            }
            out.add(String.join(",", cells));
        }
        Path csv = runDir.resolve(CURVES_CSV);
        io.github.segnn.djl.io.AtomicFiles.writeString(csv, String.join("\n", out) + "\n");
        Path png = runDir.resolve(CURVES_PNG);
        LearningCurves.write(csv, png, "SEGNN QM9 " + target.label() + " (train: L1 loss x MAD)",
                "MAE [" + target.reportUnit() + "]");
        return png;
    }
}
