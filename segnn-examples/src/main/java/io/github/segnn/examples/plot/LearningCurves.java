// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Plots the learning curves of one training run from its metrics CSV to a PNG.
 *
 * <p>The CSV has the header {@code epoch,train_loss,valid,test,seconds}, one row per epoch; the
 * {@code valid} and {@code test} cells are empty on epochs without evaluation (format details in
 * {@link MetricsFormatException} and the package documentation). The chart has the epoch on a
 * linear x axis and a base-10 logarithmic y axis with ticks at round values ({@code 0.001},
 * {@code 0.002}, {@code 0.005}, …), and shows
 *
 * <ul>
 *   <li>the training loss of every epoch as a blue line,
 *   <li>the validation metric at the evaluated epochs as orange circles joined by a line, labelled
 *       {@code "valid " + metricName},
 *   <li>the test metric at the evaluated epochs as green squares joined by a line, labelled {@code
 *       "test " + metricName},
 * </ul>
 *
 * <p>with the caller's title on top and the legend below. A series whose column has no values at
 * all is left out of the legend. Values that a logarithmic axis cannot show (zero, negative, NaN,
 * infinite) leave a gap in their line instead of failing, so a run that diverged can still be
 * inspected.
 *
 * <p>Rendering is headless: loading this class sets {@code java.awt.headless=true} unless the
 * property already has a value, so no display is needed.
 */
public final class LearningCurves {

    // First in the class on purpose: static initialisers run in source order, and the static
    // fields below create java.awt.Color, whose initialiser makes AWT decide once and for all
    // whether it is headless.
    static {
        Headless.ensure();
    }

    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 900;

    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 600;

    /** Largest accepted width or height in pixels. */
    public static final int MAX_SIZE = 10_000;

    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALID = new Color(0xff7f0e);
    private static final Color TEST = new Color(0x2ca02c);

    private LearningCurves() {}

    /**
     * Writes the learning curves of a run as a {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT}
     * PNG.
     *
     * @param csv the metrics CSV
     * @param png the image to write; replaced if it exists, missing parent directories are created
     * @param title the chart title, e.g. {@code "SEGNN_G+P charged N-body"}
     * @param metricName the name of the evaluation metric, e.g. {@code "mse"}; the legend shows
     *     {@code "valid mse"} and {@code "test mse"}
     * @throws MetricsFormatException naming the file and line if the CSV is malformed
     * @throws IOException naming the file if the CSV cannot be read or the PNG cannot be written
     * @throws IllegalArgumentException if {@code metricName} is blank
     */
    public static void write(Path csv, Path png, String title, String metricName)
            throws IOException {
        write(csv, png, title, metricName, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Writes the learning curves of a run as a PNG of the given size.
     *
     * @param csv the metrics CSV
     * @param png the image to write; replaced if it exists, missing parent directories are created
     * @param title the chart title
     * @param metricName the name of the evaluation metric, e.g. {@code "mse"}
     * @param width the image width in pixels, 1 to {@value #MAX_SIZE}
     * @param height the image height in pixels, 1 to {@value #MAX_SIZE}
     * @throws MetricsFormatException naming the file and line if the CSV is malformed
     * @throws IOException naming the file if the CSV cannot be read or the PNG cannot be written
     * @throws IllegalArgumentException if {@code metricName} is blank or a size is out of range
     */
    public static void write(
            Path csv, Path png, String title, String metricName, int width, int height)
            throws IOException {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(metricName, "metricName");
        if (metricName.isBlank()) {
            throw new IllegalArgumentException("metricName is blank");
        }
        checkSize("width", width);
        checkSize("height", height);
        MetricsCsv metrics = MetricsCsv.read(csv);
        JFreeChart chart = chart(metrics, title, metricName.strip());
        BufferedImage image = chart.createBufferedImage(width, height);
        PngFile.write(png, image);
    }

    private static void checkSize(String name, int value) {
        if (value < 1 || value > MAX_SIZE) {
            throw new IllegalArgumentException(
                    name + " must be in [1, " + MAX_SIZE + "], got " + value);
        }
    }

    /**
     * Builds the chart; package-private so that tests can inspect it.
     *
     * @param m the metrics
     * @param title the chart title
     * @param metricName the metric name for the legend
     * @return the chart, not yet rendered
     */
    static JFreeChart chart(MetricsCsv m, String title, String metricName) {
        XYSeries train = new XYSeries("train loss", true, true);
        XYSeries valid = new XYSeries("valid " + metricName, true, true);
        XYSeries test = new XYSeries("test " + metricName, true, true);
        for (int i = 0; i < m.rows(); i++) {
            train.add(m.epoch(i), loggable(m.trainLoss(i)));
            if (m.hasValid(i)) {
                valid.add(m.epoch(i), loggable(m.valid(i)));
            }
            if (m.hasTest(i)) {
                test.add(m.epoch(i), loggable(m.test(i)));
            }
        }

        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDrawSeriesLineAsPath(false);
        int s = 0;
        if (train.getItemCount() > 0) {
            data.addSeries(train);
            style(renderer, s++, TRAIN, false);
        }
        if (valid.getItemCount() > 0) {
            data.addSeries(valid);
            style(renderer, s++, VALID, true);
            renderer.setSeriesShape(s - 1, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        if (test.getItemCount() > 0) {
            data.addSeries(test);
            style(renderer, s++, TEST, true);
            renderer.setSeriesShape(s - 1, new Rectangle2D.Double(-3, -3, 6, 6));
        }

        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        LogAxis y = new DecimalLogAxis("train loss, " + metricName + " (log scale)");
        y.setSmallestValue(Double.MIN_NORMAL);

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setRangeMinorGridlinesVisible(true);
        plot.setRangeMinorGridlinePaint(new Color(0xf0f0f0));
        plot.setNoDataMessage("no data rows in the metrics file");

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private static void style(
            XYLineAndShapeRenderer r, int series, Color color, boolean markers) {
        r.setSeriesPaint(series, color);
        r.setSeriesStroke(series, new BasicStroke(markers ? 1.5f : 2f));
        r.setSeriesShapesVisible(series, markers);
        r.setSeriesShapesFilled(series, true);
    }

    /** Maps values a log axis cannot show to NaN, which the renderer draws as a gap. */
    private static double loggable(double v) {
        return v > 0 && Double.isFinite(v) ? v : Double.NaN;
    }
}
