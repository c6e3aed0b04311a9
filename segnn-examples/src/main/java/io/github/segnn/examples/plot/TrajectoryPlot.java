// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Draws predicted against true particle positions for a few systems, as a PNG grid of x–y
 * projections.
 *
 * <p>Each of the up to {@value #MAX_SYSTEMS} systems gets one square panel named by the system's
 * index in its data set when the caller gives it ("system 17"), else "system 1", "system 2", … in
 * argument order; one row for up to three systems, 2x2 for four). In a panel every
 * particle has its own colour, cycling through ten after the tenth particle, and is drawn as
 *
 * <ul>
 *   <li>an open circle at its input position,
 *   <li>a filled circle at its true target position, joined to the input by a thin solid line,
 *   <li>a cross at its predicted target position, joined to the input by a thin dashed line.
 * </ul>
 *
 * <p>The z coordinate is dropped. Both axes of a panel have the same scale (a circle in the data is
 * a circle in the image), chosen so that all of the panel's points fit; panels are scaled
 * independently. The caller's title is drawn on top and one legend for the three marker kinds at
 * the bottom. Each panel is {@value #PANEL_SIZE} pixels square, so the image is 450x536 for one
 * system, 1350x536 for three and 900x986 for four.
 *
 * <p>Rendering is headless: loading this class sets {@code java.awt.headless=true} unless the
 * property already has a value, so no display is needed.
 */
public final class TrajectoryPlot {

    // First in the class on purpose: static initialisers run in source order, and the static
    // fields below create java.awt.Color, whose initialiser makes AWT decide once and for all
    // whether it is headless.
    static {
        Headless.ensure();
    }

    /** The largest number of systems one image shows. */
    public static final int MAX_SYSTEMS = 4;

    /** Width and height of one panel in pixels. */
    public static final int PANEL_SIZE = 450;

    private static final int TITLE_HEIGHT = 56;
    private static final int LEGEND_HEIGHT = 30;
    private static final double MARGIN = 0.08;
    private static final double MIN_TICK_PIXELS = 35;
    private static final double LABEL_CHAR_PIXELS = 6.5;
    private static final double MIN_TICK_GAP = 14;
    private static final String[] ARGUMENTS = {"input", "truth", "predicted"};

    /** Matplotlib's "tab10" colours: distinguishable, and familiar from the Python reference. */
    private static final List<Color> PALETTE =
            List.of(
                    new Color(0x1f77b4),
                    new Color(0xff7f0e),
                    new Color(0x2ca02c),
                    new Color(0xd62728),
                    new Color(0x9467bd),
                    new Color(0x8c564b),
                    new Color(0xe377c2),
                    new Color(0x7f7f7f),
                    new Color(0xbcbd22),
                    new Color(0x17becf));

    private static final Color INK = new Color(0x333333);
    private static final float LINE_WIDTH = 1f;
    private static final float MARKER_WIDTH = 1.6f;
    private static final double R = 4.5;

    private TrajectoryPlot() {}

    /**
     * Writes the x–y projection of input, true and predicted positions as a PNG.
     *
     * @param png the image to write; replaced if it exists, missing parent directories are created
     * @param title the title drawn above the panels
     * @param input input positions, {@code [system][particle][3]}, 1 to {@value #MAX_SYSTEMS}
     *     systems of at least one particle each
     * @param truth true target positions, the same shape as {@code input}
     * @param predicted predicted target positions, the same shape as {@code input}
     * @throws IllegalArgumentException naming the argument and index if a shape does not match,
     *     there are no or too many systems, a system has no particles, a point does not have three
     *     coordinates or a coordinate is not finite
     * @throws IOException naming the file if the PNG cannot be written
     */
    public static void write(
            Path png, String title, double[][][] input, double[][][] truth, double[][][] predicted)
            throws IOException {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(title, "title");
        double[][][][] all = {input, truth, predicted};
        validate(all);
        PngFile.write(png, render(title, null, input, truth, predicted));
    }

    /**
     * Writes the x–y projection of input, true and predicted positions as a PNG, each panel named
     * by the system's index in its data set ("system 17").
     *
     * @param png the image to write; replaced if it exists, missing parent directories are created
     * @param title the title drawn above the panels
     * @param systems the data-set index of each system, one per panel
     * @param input input positions, {@code [system][particle][3]}, 1 to {@value #MAX_SYSTEMS}
     *     systems of at least one particle each
     * @param truth true target positions, the same shape as {@code input}
     * @param predicted predicted target positions, the same shape as {@code input}
     * @throws IllegalArgumentException naming the argument and index if a shape does not match
     *     (including {@code systems} against {@code input}), there are no or too many systems, a
     *     system has no particles, a point does not have three coordinates or a coordinate is not
     *     finite
     * @throws IOException naming the file if the PNG cannot be written
     */
    public static void write(Path png, String title, int[] systems, double[][][] input, double[][][] truth,
            double[][][] predicted) throws IOException {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(systems, "systems");
        double[][][][] all = {input, truth, predicted};
        validate(all);
        if (systems.length != input.length) {
            throw new IllegalArgumentException("systems has " + systems.length + " indices but input has "
                    + input.length + " systems");
        }
        PngFile.write(png, render(title, systems, input, truth, predicted));
    }

    private static void validate(double[][][][] all) {
        for (int a = 0; a < all.length; a++) {
            Objects.requireNonNull(all[a], ARGUMENTS[a]);
        }
        double[][][] input = all[0];
        if (input.length == 0) {
            throw new IllegalArgumentException("input has no systems");
        }
        if (input.length > MAX_SYSTEMS) {
            throw new IllegalArgumentException(
                    "input has " + input.length + " systems, at most " + MAX_SYSTEMS + " fit");
        }
        for (int a = 0; a < all.length; a++) {
            String name = ARGUMENTS[a];
            double[][][] arg = all[a];
            if (arg.length != input.length) {
                throw new IllegalArgumentException(
                        name + " has " + arg.length + " systems, input has " + input.length);
            }
            for (int s = 0; s < arg.length; s++) {
                String at = name + "[" + s + "]";
                if (arg[s] == null) {
                    throw new IllegalArgumentException(at + " is null");
                }
                if (a == 0 && arg[s].length == 0) {
                    throw new IllegalArgumentException(at + " has no particles");
                }
                if (arg[s].length != input[s].length) {
                    throw new IllegalArgumentException(
                            at
                                    + " has "
                                    + arg[s].length
                                    + " particles, input["
                                    + s
                                    + "] has "
                                    + input[s].length);
                }
                for (int p = 0; p < arg[s].length; p++) {
                    checkPoint(at + "[" + p + "]", arg[s][p]);
                }
            }
        }
    }

    private static void checkPoint(String at, double[] point) {
        if (point == null) {
            throw new IllegalArgumentException(at + " is null");
        }
        if (point.length != 3) {
            throw new IllegalArgumentException(
                    at + " has " + point.length + " coordinates, expected 3");
        }
        for (int d = 0; d < 3; d++) {
            if (!Double.isFinite(point[d])) {
                throw new IllegalArgumentException(
                        at + "[" + d + "] is " + point[d] + ", expected a finite value");
            }
        }
    }

    /**
     * Renders the whole grid; package-private so that tests can look at pixels directly.
     *
     * @param title the title
     * @param systems the panels' system indices, or null for 1, 2, ... in argument order
     * @param input validated input positions
     * @param truth validated true target positions
     * @param predicted validated predicted positions
     * @return the image
     */
    static BufferedImage render(
            String title, int[] systems, double[][][] input, double[][][] truth, double[][][] predicted) {
        int k = input.length;
        int cols = k == 4 ? 2 : k;
        int rows = k == 4 ? 2 : 1;
        int width = cols * PANEL_SIZE;
        int height = TITLE_HEIGHT + rows * PANEL_SIZE + LEGEND_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, width, height);

            drawCentred(g2, new TextTitle(title, JFreeChart.DEFAULT_TITLE_FONT), 0, width, 6);
            drawCentred(
                    g2,
                    new TextTitle(
                            "x\u2013y projection, one colour per particle",
                            new Font(Font.SANS_SERIF, Font.PLAIN, 12)),
                    0,
                    width,
                    32);

            for (int s = 0; s < k; s++) {
                Rectangle2D area =
                        new Rectangle2D.Double(
                                (s % cols) * PANEL_SIZE,
                                TITLE_HEIGHT + (s / cols) * PANEL_SIZE,
                                PANEL_SIZE,
                                PANEL_SIZE);
                JFreeChart panel = panel("system " + (systems == null ? s + 1 : systems[s]), input[s], truth[s], predicted[s]);
                equalAspect(panel, area);
                panel.draw(g2, area);
            }

            LegendTitle legend = new LegendTitle(TrajectoryPlot::legendItems);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            drawCentred(g2, legend, 0, width, height - LEGEND_HEIGHT + 4);
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** Lays out a title at its natural size, centred horizontally in [x0, x1) at height y. */
    private static void drawCentred(Graphics2D g2, Title title, double x0, double x1, double y) {
        RectangleConstraint fit =
                new RectangleConstraint(new Range(0, x1 - x0), new Range(0, TITLE_HEIGHT));
        Size2D size = title.arrange(g2, fit);
        title.draw(
                g2,
                new Rectangle2D.Double(
                        x0 + (x1 - x0 - size.width) / 2, y, size.width, size.height));
    }

    private static JFreeChart panel(
            String name, double[][] input, double[][] truth, double[][] predicted) {
        int n = input.length;
        DefaultXYDataset toTruth = new DefaultXYDataset();
        DefaultXYDataset toPrediction = new DefaultXYDataset();
        DefaultXYDataset inputs = new DefaultXYDataset();
        DefaultXYDataset truths = new DefaultXYDataset();
        DefaultXYDataset predictions = new DefaultXYDataset();
        for (int p = 0; p < n; p++) {
            String key = "particle " + p;
            toTruth.addSeries(key, segment(input[p], truth[p]));
            toPrediction.addSeries(key, segment(input[p], predicted[p]));
            inputs.addSeries(key, point(input[p]));
            truths.addSeries(key, point(truth[p]));
            predictions.addSeries(key, point(predicted[p]));
        }

        Stroke solid = new BasicStroke(LINE_WIDTH);
        Stroke dashed =
                new BasicStroke(
                        LINE_WIDTH,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {5f, 3f},
                        0f);
        Stroke marker = new BasicStroke(MARKER_WIDTH);
        XYPlot plot = new XYPlot();
        plot.setDataset(0, toTruth);
        plot.setRenderer(0, lines(n, solid));
        plot.setDataset(1, toPrediction);
        plot.setRenderer(1, lines(n, dashed));
        plot.setDataset(2, inputs);
        plot.setRenderer(2, markers(n, circle(), false, marker));
        plot.setDataset(3, truths);
        plot.setRenderer(3, markers(n, circle(), true, marker));
        plot.setDataset(4, predictions);
        plot.setRenderer(4, markers(n, cross(), false, marker));
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        NumberAxis x = new NumberAxis("x");
        NumberAxis y = new NumberAxis("y");
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xe0e0e0));
        plot.setRangeGridlinePaint(new Color(0xe0e0e0));
        plot.setOutlinePaint(INK);
        // Fixed axis space makes the data area independent of the tick labels, so the ranges
        // chosen for equal aspect in equalAspect() still fit when the panel is drawn.
        AxisSpace left = new AxisSpace();
        left.setLeft(58);
        AxisSpace bottom = new AxisSpace();
        bottom.setBottom(40);
        plot.setFixedRangeAxisSpace(left);
        plot.setFixedDomainAxisSpace(bottom);

        JFreeChart chart =
                new JFreeChart(name, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 8, 14));
        return chart;
    }

    /**
     * Sets both axis ranges so that one data unit has the same length in pixels along x and y and
     * every point of the panel lies inside, with a margin.
     */
    private static void equalAspect(JFreeChart chart, Rectangle2D area) {
        XYPlot plot = chart.getXYPlot();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (int d = 2; d <= 4; d++) {
            DefaultXYDataset data = (DefaultXYDataset) plot.getDataset(d);
            for (int s = 0; s < data.getSeriesCount(); s++) {
                xMin = Math.min(xMin, data.getXValue(s, 0));
                xMax = Math.max(xMax, data.getXValue(s, 0));
                yMin = Math.min(yMin, data.getYValue(s, 0));
                yMax = Math.max(yMax, data.getYValue(s, 0));
            }
        }
        double xSpan = (xMax - xMin) * (1 + 2 * MARGIN);
        double ySpan = (yMax - yMin) * (1 + 2 * MARGIN);
        if (!(xSpan > 0 || ySpan > 0)) {
            // All points coincide: show a window of one unit, or of the coordinates' magnitude.
            xSpan = Math.max(1.0, Math.abs(xMin) + Math.abs(yMin));
            ySpan = xSpan;
        }

        // Measure the data area with a scratch rendering; it does not depend on the ranges
        // because the axis space is fixed.
        BufferedImage scratch =
                new BufferedImage(
                        (int) area.getWidth(), (int) area.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = scratch.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        try {
            chart.draw(
                    g2, new Rectangle2D.Double(0, 0, area.getWidth(), area.getHeight()), info);
        } finally {
            g2.dispose();
        }
        Rectangle2D data = info.getPlotInfo().getDataArea();
        double unitsPerPixel = Math.max(xSpan / data.getWidth(), ySpan / data.getHeight());
        double xc = (xMin + xMax) / 2;
        double yc = (yMin + yMax) / 2;
        double halfW = unitsPerPixel * data.getWidth() / 2;
        double halfH = unitsPerPixel * data.getHeight() / 2;
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        x.setRange(xc - halfW, xc + halfW);
        y.setRange(yc - halfH, yc + halfH);
        NumberTickUnit unit = tickUnit(unitsPerPixel * MIN_TICK_PIXELS);
        // Long labels (-0.015) need more room than short ones (2) on the x axis.
        while (labelPixels(unit, x.getLowerBound(), x.getUpperBound())
                > unit.getSize() / unitsPerPixel) {
            unit = tickUnit(unit.getSize() * 1.01);
        }
        x.setTickUnit(unit);
        y.setTickUnit(unit);
    }

    /**
     * Returns the smallest tick unit of 1, 2 or 5 times a power of ten that is at least {@code
     * minimum}, labelled the same way in every locale.
     *
     * @param minimum the smallest acceptable tick spacing in data units, positive
     * @return the tick unit
     */
    static NumberTickUnit tickUnit(double minimum) {
        int e = (int) Math.floor(Math.log10(minimum));
        double step = Math.pow(10, e);
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * Math.pow(10, e) >= minimum * (1 - 1e-12)) {
                step = m * Math.pow(10, e);
                break;
            }
        }
        int exponent = (int) Math.floor(Math.log10(step) + 1e-9);
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        DecimalFormat format =
                Math.abs(exponent) > 4
                        ? new DecimalFormat("0.#E0", symbols)
                        : new DecimalFormat(
                                exponent >= 0 ? "0" : "0." + "0".repeat(-exponent), symbols);
        return new NumberTickUnit(step, format);
    }

    /** A generous estimate of the room, in pixels, that the widest tick label on [lo, hi] needs. */
    private static double labelPixels(NumberTickUnit unit, double lo, double hi) {
        int chars =
                Math.max(
                        unit.valueToString(unit.getSize() * Math.floor(lo / unit.getSize()))
                                .length(),
                        unit.valueToString(unit.getSize() * Math.ceil(hi / unit.getSize()))
                                .length());
        return LABEL_CHAR_PIXELS * chars + MIN_TICK_GAP;
    }

    private static double[][] segment(double[] from, double[] to) {
        return new double[][] {{from[0], to[0]}, {from[1], to[1]}};
    }

    private static double[][] point(double[] p) {
        return new double[][] {{p[0]}, {p[1]}};
    }

    private static Color color(int particle) {
        return PALETTE.get(particle % PALETTE.size());
    }

    private static XYLineAndShapeRenderer lines(int n, Stroke stroke) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(false);
        for (int p = 0; p < n; p++) {
            r.setSeriesPaint(p, color(p));
            r.setSeriesStroke(p, stroke);
        }
        return r;
    }

    private static XYLineAndShapeRenderer markers(
            int n, Shape shape, boolean filled, Stroke outline) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setUseOutlinePaint(false);
        r.setDrawOutlines(true);
        for (int p = 0; p < n; p++) {
            r.setSeriesPaint(p, color(p));
            r.setSeriesShape(p, shape);
            r.setSeriesShapesFilled(p, filled);
            r.setSeriesOutlineStroke(p, outline);
        }
        return r;
    }

    private static Shape circle() {
        return new Ellipse2D.Double(-R, -R, 2 * R, 2 * R);
    }

    private static Shape cross() {
        Path2D.Double x = new Path2D.Double();
        x.moveTo(-R, -R);
        x.lineTo(R, R);
        x.moveTo(-R, R);
        x.lineTo(R, -R);
        return x;
    }

    private static LegendItemCollection legendItems() {
        Stroke marker = new BasicStroke(MARKER_WIDTH);
        Shape line = new Line2D.Double(-14, 0, 14, 0);
        Shape none = new Line2D.Double(0, 0, 0, 0);
        Stroke solid = new BasicStroke(LINE_WIDTH);
        Stroke dashed =
                new BasicStroke(
                        LINE_WIDTH,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {5f, 3f},
                        0f);
        LegendItemCollection items = new LegendItemCollection();
        items.add(
                new LegendItem(
                        "input", null, null, null, true, circle(), false, INK, true,
                        INK, marker, false, none, solid, INK));
        items.add(
                new LegendItem(
                        "true target", null, null, null, true, circle(),
                        true, INK, true, INK, marker, true, line, solid, INK));
        items.add(
                new LegendItem(
                        "prediction", null, null, null, true, cross(),
                        false, INK, true, INK, marker, true, line, dashed, INK));
        return items;
    }
}
