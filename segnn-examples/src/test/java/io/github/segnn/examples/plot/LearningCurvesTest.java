// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import static io.github.segnn.examples.plot.PngAssert.assertPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {

    @TempDir Path tmp;

    /** A plausible run: loss decaying over four decades, evaluation every fifth epoch. */
    static String run(int epochs) {
        StringBuilder csv = new StringBuilder(MetricsCsv.HEADER).append('\n');
        for (int e = 1; e <= epochs; e++) {
            double loss = 0.5 * Math.pow(10, -4.0 * e / epochs) * (1 + 0.15 * Math.sin(e));
            csv.append(e).append(',').append(String.format(Locale.ROOT, "%.6e", loss)).append(',');
            if (e % 5 == 0) {
                csv.append(String.format(Locale.ROOT, "%.6e", loss * 1.3)).append(',');
                csv.append(String.format(Locale.ROOT, "%.6e", loss * 1.4));
            } else {
                csv.append(',');
            }
            csv.append(',').append(String.format(Locale.ROOT, "%.3f", 12.5 + e % 3)).append('\n');
        }
        return csv.toString();
    }

    private Path csv(String content) throws IOException {
        Path file = tmp.resolve("metrics.csv");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void writesDefaultSizePng() throws IOException {
        Path png = tmp.resolve("curves.png");
        LearningCurves.write(csv(run(60)), png, "SEGNN_G+P charged N-body", "mse");
        BufferedImage image = assertPng(png, 900, 600);
        assertTrue(PngAssert.colours(image) > 20, "expected coloured curves and antialiased text");
        assertTrue(Files.list(tmp).noneMatch(p -> p.toString().endsWith(".tmp")), "temp file left");
        assertEquals("true", System.getProperty(Headless.PROPERTY));
    }

    @Test
    void writesGivenSizeAndCreatesParentDirectories() throws IOException {
        Path png = tmp.resolve("a/b/curves.png");
        LearningCurves.write(csv(run(12)), png, "t", "mae", 640, 400);
        assertPng(png, 640, 400);
    }

    @Test
    void plotsRunsWithoutEvaluationWithoutRowsAndWithUnloggableValues() throws IOException {
        String h = MetricsCsv.HEADER + "\n";
        LearningCurves.write(csv(h), tmp.resolve("empty.png"), "no rows", "mse");
        assertPng(tmp.resolve("empty.png"), 900, 600);
        LearningCurves.write(
                csv(h + "1,0.5,,,1\n2,0.25,,,1\n"), tmp.resolve("train.png"), "train only", "mse");
        assertPng(tmp.resolve("train.png"), 900, 600);
        LearningCurves.write(
                csv(h + "1,0.5,0.6,0.7,1\n2,nan,0,-1,1\n3,inf,NaN,1e-2,\n4,1E-3,2e-3,3e-3,1\n"),
                tmp.resolve("diverged.png"),
                "diverged",
                "mse");
        assertPng(tmp.resolve("diverged.png"), 900, 600);
    }

    @Test
    void wrongHeaderNamesFileAndLineOne() throws IOException {
        Path file = csv("epoch,loss,valid,test,seconds\n1,0.5,,,1\n");
        MetricsFormatException e =
                assertThrows(
                        MetricsFormatException.class,
                        () -> LearningCurves.write(file, tmp.resolve("x.png"), "t", "mse"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith(file + ":1: "), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws IOException {
        Path file = csv(MetricsCsv.HEADER + "\n1,0.5,,,1\n2,0.4,,,1\n3,0.3,0.1.2,0.3,1\n");
        MetricsFormatException e =
                assertThrows(
                        MetricsFormatException.class,
                        () -> LearningCurves.write(file, tmp.resolve("x.png"), "t", "mse"));
        assertEquals(4, e.line());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ":4: "), e.getMessage());
        assertTrue(e.getMessage().contains("'valid'"), e.getMessage());
        assertTrue(e.getMessage().contains("0.1.2"), e.getMessage());
    }

    @Test
    void missingCsvNamesFile() {
        Path file = tmp.resolve("absent.csv");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> LearningCurves.write(file, tmp.resolve("x.png"), "t", "mse"));
        assertTrue(e.getMessage().contains("absent.csv"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() throws IOException {
        Path file = csv(run(3));
        Path png = tmp.resolve("x.png");
        assertThrows(
                IllegalArgumentException.class, () -> LearningCurves.write(file, png, "t", " "));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> LearningCurves.write(file, png, "t", "mse", 0, 600));
        assertTrue(e.getMessage().startsWith("width"), e.getMessage());
        assertThrows(NullPointerException.class, () -> LearningCurves.write(file, png, null, "m"));
    }

    @Test
    void unwritablePngNamesFile() throws IOException {
        Path file = csv(run(3));
        Path blocker = tmp.resolve("blocker");
        Files.writeString(blocker, "a file, not a directory");
        Path png = blocker.resolve("x.png");
        IOException e =
                assertThrows(IOException.class, () -> LearningCurves.write(file, png, "t", "mse"));
        assertTrue(e.getMessage().startsWith(png.toString()), e.getMessage());
    }
}
