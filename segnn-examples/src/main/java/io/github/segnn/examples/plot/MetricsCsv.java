// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rows of a metrics CSV as written by the training loop, one row per epoch.
 *
 * <p>The file is UTF-8 (a byte-order mark is tolerated) with the header {@value #HEADER} and five
 * cells per row. {@code epoch} and {@code train_loss} are always present; {@code valid} and {@code
 * test} are empty on epochs without evaluation; {@code seconds} may be empty. Numbers are decimal,
 * optionally in scientific notation ({@code 1.5e-03}); {@code nan}, {@code inf} and {@code -inf}
 * (any case, also Java's {@code NaN} and {@code Infinity}) are accepted in every column except
 * {@code epoch}, so that a diverged run can still be plotted. Blank lines are skipped. Anything
 * else is a {@link MetricsFormatException} naming the file and the line.
 *
 * <p>Empty cells are stored as {@link Double#NaN}; use {@link #hasValid(int)} and {@link
 * #hasTest(int)} to tell an unevaluated epoch from an evaluated one whose value is NaN.
 */
final class MetricsCsv {

    /** The header the file must start with. */
    static final String HEADER = "epoch,train_loss,valid,test,seconds";

    private static final String[] COLUMNS = HEADER.split(",");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final double[] epoch;
    private final double[] trainLoss;
    private final double[] valid;
    private final double[] test;
    private final double[] seconds;
    private final boolean[] hasValid;
    private final boolean[] hasTest;

    private MetricsCsv(List<double[]> rows, List<boolean[]> present) {
        int n = rows.size();
        epoch = new double[n];
        trainLoss = new double[n];
        valid = new double[n];
        test = new double[n];
        seconds = new double[n];
        hasValid = new boolean[n];
        hasTest = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            epoch[i] = r[0];
            trainLoss[i] = r[1];
            valid[i] = r[2];
            test[i] = r[3];
            seconds[i] = r[4];
            hasValid[i] = present.get(i)[2];
            hasTest[i] = present.get(i)[3];
        }
    }

    /**
     * Reads and validates a metrics file.
     *
     * @param file the CSV file
     * @return its rows in file order
     * @throws MetricsFormatException naming the file and line if the header is wrong, a row does
     *     not have five cells, a required cell is empty or a cell is not a number
     * @throws IOException if the file cannot be read
     */
    static MetricsCsv read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<boolean[]> present = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            lineNo = 1;
            if (line == null) {
                throw new MetricsFormatException(file, 1, "empty file, expected header " + HEADER);
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            checkHeader(file, line);
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                double[] row = new double[COLUMNS.length];
                boolean[] has = new boolean[COLUMNS.length];
                parseRow(file, lineNo, line, row, has);
                rows.add(row);
                present.add(has);
            }
        } catch (CharacterCodingException e) {
            throw new MetricsFormatException(file, lineNo + 1, "not valid UTF-8");
        }
        return new MetricsCsv(rows, present);
    }

    private static void checkHeader(Path file, String line) throws MetricsFormatException {
        String[] cells = line.split(",", -1);
        boolean ok = cells.length == COLUMNS.length;
        for (int c = 0; ok && c < cells.length; c++) {
            ok = cells[c].strip().equals(COLUMNS[c]);
        }
        if (!ok) {
            throw new MetricsFormatException(
                    file, 1, "expected header \"" + HEADER + "\", found \"" + line + "\"");
        }
    }

    private static void parseRow(Path file, int lineNo, String line, double[] row, boolean[] has)
            throws MetricsFormatException {
        String[] cells = line.split(",", -1);
        if (cells.length != COLUMNS.length) {
            throw new MetricsFormatException(
                    file,
                    lineNo,
                    "expected " + COLUMNS.length + " cells, found " + cells.length + ": " + line);
        }
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c].strip();
            if (cell.isEmpty()) {
                if (c < 2) {
                    throw new MetricsFormatException(
                            file, lineNo, "column '" + COLUMNS[c] + "' is empty");
                }
                row[c] = Double.NaN;
                continue;
            }
            double v = parseNumber(cell);
            if (Double.isNaN(v) && !isNaNLiteral(cell)) {
                throw new MetricsFormatException(
                        file,
                        lineNo,
                        "column '" + COLUMNS[c] + "': not a number: \"" + cells[c] + "\"");
            }
            if (c == 0 && !Double.isFinite(v)) {
                throw new MetricsFormatException(
                        file, lineNo, "column 'epoch' must be finite, found \"" + cells[c] + "\"");
            }
            row[c] = v;
            has[c] = true;
        }
    }

    /** Parses a decimal or a NaN/infinity literal; anything else gives NaN. */
    private static double parseNumber(String cell) {
        if (DECIMAL.matcher(cell).matches()) {
            return Double.parseDouble(cell);
        }
        String s = cell.toLowerCase(Locale.ROOT);
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("inf") || s.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    private static boolean isNaNLiteral(String cell) {
        String s = cell.toLowerCase(Locale.ROOT);
        return s.equals("nan") || s.equals("+nan") || s.equals("-nan");
    }

    /**
     * Returns the number of data rows.
     *
     * @return the row count, blank lines not counted
     */
    int rows() {
        return epoch.length;
    }

    /**
     * Returns the epoch of a row.
     *
     * @param i the row
     * @return its finite epoch number
     */
    double epoch(int i) {
        return epoch[i];
    }

    /**
     * Returns the training loss of a row.
     *
     * @param i the row
     * @return its training loss, possibly NaN or infinite
     */
    double trainLoss(int i) {
        return trainLoss[i];
    }

    /**
     * Tells whether a row was evaluated on the validation set.
     *
     * @param i the row
     * @return whether its {@code valid} cell is non-empty
     */
    boolean hasValid(int i) {
        return hasValid[i];
    }

    /**
     * Returns the validation metric of a row.
     *
     * @param i the row
     * @return the metric, NaN if the cell is empty
     */
    double valid(int i) {
        return valid[i];
    }

    /**
     * Tells whether a row was evaluated on the test set.
     *
     * @param i the row
     * @return whether its {@code test} cell is non-empty
     */
    boolean hasTest(int i) {
        return hasTest[i];
    }

    /**
     * Returns the test metric of a row.
     *
     * @param i the row
     * @return the metric, NaN if the cell is empty
     */
    double test(int i) {
        return test[i];
    }

    /**
     * Returns the wall-clock seconds of a row.
     *
     * @param i the row
     * @return the seconds, NaN if the cell is empty
     */
    double seconds(int i) {
        return seconds[i];
    }
}
