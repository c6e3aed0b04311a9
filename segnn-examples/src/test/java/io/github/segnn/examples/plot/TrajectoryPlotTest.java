// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import static io.github.segnn.examples.plot.PngAssert.assertPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.jfree.chart.axis.NumberTickUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryPlotTest {

    @TempDir Path tmp;

    /** {@code k} systems of {@code n} particles: inputs, moved targets and noisy predictions. */
    static double[][][][] systems(int k, int n, long seed) {
        Random rng = new Random(seed);
        double[][][] input = new double[k][n][3];
        double[][][] truth = new double[k][n][3];
        double[][][] predicted = new double[k][n][3];
        for (int s = 0; s < k; s++) {
            for (int p = 0; p < n; p++) {
                for (int d = 0; d < 3; d++) {
                    input[s][p][d] = 2 * rng.nextGaussian();
                    truth[s][p][d] = input[s][p][d] + 0.8 * rng.nextGaussian();
                    predicted[s][p][d] = truth[s][p][d] + 0.2 * rng.nextGaussian();
                }
            }
        }
        return new double[][][][] {input, truth, predicted};
    }

    private BufferedImage plot(int k, int width, int height) throws IOException {
        double[][][][] a = systems(k, 5, k);
        Path png = tmp.resolve("traj" + k + ".png");
        TrajectoryPlot.write(png, "SEGNN_G+P charged N-body, test", a[0], a[1], a[2]);
        return assertPng(png, width, height);
    }

    @Test
    void writesOnePanelPerSystem() throws IOException {
        int p = TrajectoryPlot.PANEL_SIZE;
        plot(1, p, p + 86);
        plot(2, 2 * p, p + 86);
        plot(3, 3 * p, p + 86);
        BufferedImage four = plot(4, 2 * p, 2 * p + 86);
        assertTrue(count(four, 0x1f77b4) > 0, "particle 0 colour missing");
        assertTrue(count(four, 0xd62728) > 0, "particle 3 colour missing");
    }

    @Test
    void axesHaveEqualScale() {
        // Particle 0 moves 10 units along x, particle 1 moves 10 units along y; the data spans
        // 13 units in x and 10 in y, so unequal autoscaling would make the two lengths differ.
        double[][][] input = {{{0, 5, 0}, {-3, 0, 0}}};
        double[][][] truth = {{{10, 5, 0}, {-3, 10, 0}}};
        BufferedImage image = TrajectoryPlot.render("aspect", null, input, truth, truth);
        int[] blue = box(image, 0x1f77b4);
        int[] orange = box(image, 0xff7f0e);
        int horizontal = blue[2] - blue[0];
        int vertical = orange[3] - orange[1];
        assertTrue(horizontal > 200, "x extent " + horizontal);
        assertTrue(
                Math.abs(horizontal - vertical) <= 2,
                "10 units are " + horizontal + " px along x but " + vertical + " px along y");
    }

    @Test
    void tickUnitsAreRoundAndLocaleFree() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertEquals(1.0, TrajectoryPlot.tickUnit(0.8).getSize());
            assertEquals(2.0, TrajectoryPlot.tickUnit(1.1).getSize());
            assertEquals(10.0, TrajectoryPlot.tickUnit(6).getSize());
            NumberTickUnit half = TrajectoryPlot.tickUnit(0.3);
            assertEquals(0.5, half.getSize());
            assertEquals("-1.5", half.valueToString(-1.5));
            assertEquals("0.05", TrajectoryPlot.tickUnit(0.03).valueToString(0.05));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void degenerateSystemsStillRender() throws IOException {
        double[][][] one = {{{1, 2, 3}}};
        Path png = tmp.resolve("single.png");
        TrajectoryPlot.write(png, "one particle, no motion", one, one, one);
        assertPng(png, TrajectoryPlot.PANEL_SIZE, TrajectoryPlot.PANEL_SIZE + 86);
        double[][][] line = {{{0, 1, 0}, {4, 1, 0}}};
        Path flat = tmp.resolve("flat.png");
        TrajectoryPlot.write(flat, "particles on a horizontal line", line, line, line);
        assertPng(flat, TrajectoryPlot.PANEL_SIZE, TrajectoryPlot.PANEL_SIZE + 86);
    }

    @Test
    void shapeMismatchNamesTheArgument() {
        double[][][][] a = systems(2, 3, 7);
        double[][][][] b = systems(1, 3, 7);
        double[][][][] c = systems(2, 4, 7);
        Path png = tmp.resolve("x.png");
        assertMessage("truth has 1 systems, input has 2", png, a[0], b[1], a[2]);
        assertMessage("predicted[0] has 4 particles, input[0] has 3", png, a[0], a[1], c[2]);
        assertMessage("input has 5 systems", png, systems(5, 3, 1)[0], a[1], a[2]);
        assertMessage("input has no systems", png, new double[0][][], a[1], a[2]);
        assertMessage("input[1] has no particles", png, new double[][][] {a[0][0], {}}, a[1], a[2]);

        double[][][] shortPoint = systems(2, 3, 7)[1];
        shortPoint[1][2] = new double[] {1, 2};
        assertMessage("truth[1][2] has 2 coordinates", png, a[0], shortPoint, a[2]);
        double[][][] nan = systems(2, 3, 7)[2];
        nan[0][1][2] = Double.NaN;
        assertMessage("predicted[0][1][2] is NaN", png, a[0], a[1], nan);
        double[][][] nullSystem = systems(2, 3, 7)[1];
        nullSystem[1] = null;
        assertMessage("truth[1] is null", png, a[0], nullSystem, a[2]);
        assertThrows(
                NullPointerException.class, () -> TrajectoryPlot.write(png, "t", a[0], null, a[2]));
        assertTrue(!png.toFile().exists(), "no image for invalid arguments");
    }

    private static void assertMessage(
            String start, Path png, double[][][] in, double[][][] tr, double[][][] pr) {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrajectoryPlot.write(png, "t", in, tr, pr));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Bounding box {@code {x0, y0, x1, y1}} of the pixels of exactly one colour. */
    private static int[] box(BufferedImage image, int rgb) {
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        assertEquals(true, b[2] >= 0, String.format("colour %06x not found", rgb));
        return b;
    }
}
