// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 logarithmic axis whose ticks sit at round decimal values.
 *
 * <p>JFreeChart's {@link LogAxis} spaces its ticks evenly in the exponent, which on a range of less
 * than a few decades gives labels such as {@code 10^-1.26}. This axis instead picks the sparsest of
 * these tick sets that puts at least {@value #MIN_TICKS} ticks in the visible range:
 *
 * <ul>
 *   <li>powers of ten, every 1, 2, 5, 10, … decades (at most {@value #MAX_DECADE_TICKS} of them),
 *       with unlabelled minor ticks at 2–9 times each power when every decade is labelled;
 *   <li>1, 2 and 5 times each power of ten;
 *   <li>1, 2, …, 9 times each power of ten;
 *   <li>for ranges narrower than that, evenly spaced ticks at multiples of 1, 2 or 5 times a
 *       power of ten, as on a linear axis.
 * </ul>
 *
 * <p>Labels are exact decimals independent of the locale: plain ({@code 0.002}, {@code 150}) for
 * exponents from -3 to 3 and scientific otherwise ({@code 2e-5}, {@code 1.5e6}).
 */
final class DecimalLogAxis extends LogAxis {

    private static final long serialVersionUID = 1L;

    /** The fewest ticks a tick set must place in range to be chosen. */
    static final int MIN_TICKS = 4;

    /** The most labelled ticks when the ticks are powers of ten. */
    static final int MAX_DECADE_TICKS = 10;

    /** Mantissa sets from sparse to dense, tried when powers of ten alone are too few. */
    private static final double[][] MANTISSAS = {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};

    /**
     * Creates the axis.
     *
     * @param label the axis label
     */
    DecimalLogAxis(String label) {
        super(label);
        setBase(10);
        setMinorTickMarksVisible(true);
    }

    /** {@inheritDoc} */
    @Override
    protected List<ValueTick> refreshTicksVertical(
            Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor =
                edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        return ticks(getLowerBound(), getUpperBound(), anchor);
    }

    /** {@inheritDoc} */
    @Override
    protected List<ValueTick> refreshTicksHorizontal(
            Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor =
                edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        return ticks(getLowerBound(), getUpperBound(), anchor);
    }

    /**
     * Computes the ticks for a range.
     *
     * @param lower the lower bound, positive
     * @param upper the upper bound
     * @param anchor where labels attach to their tick
     * @return major (labelled) and minor (unlabelled) ticks in increasing order
     */
    static List<ValueTick> ticks(double lower, double upper, TextAnchor anchor) {
        List<ValueTick> ticks = new ArrayList<>();
        if (!(lower > 0) || !(upper > lower) || Double.isInfinite(upper)) {
            return ticks;
        }
        int kLo = (int) Math.floor(Math.log10(lower)) - 1;
        int kHi = (int) Math.ceil(Math.log10(upper)) + 1;

        int decades = count(lower, upper, kLo, kHi, 1, new double[] {1});
        if (decades >= MIN_TICKS) {
            int step = 1;
            while (decades > MAX_DECADE_TICKS * step) {
                step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
            }
            for (int k = kLo; k <= kHi; k++) {
                if (Math.floorMod(k, step) == 0) {
                    add(ticks, lower, upper, BigDecimal.ONE.scaleByPowerOfTen(k), TickType.MAJOR,
                            anchor);
                }
                if (step == 1) {
                    for (int m = 2; m <= 9; m++) {
                        add(ticks, lower, upper, BigDecimal.valueOf(m).scaleByPowerOfTen(k),
                                TickType.MINOR, anchor);
                    }
                }
            }
            return ticks;
        }
        for (double[] set : MANTISSAS) {
            if (count(lower, upper, kLo, kHi, 1, set) >= MIN_TICKS) {
                for (int k = kLo; k <= kHi; k++) {
                    for (double m : set) {
                        add(ticks, lower, upper, BigDecimal.valueOf(m).scaleByPowerOfTen(k),
                                TickType.MAJOR, anchor);
                    }
                }
                return ticks;
            }
        }
        // A range narrower than a factor of about 2.5: evenly spaced ticks, as on a linear axis.
        BigDecimal step = linearStep(lower, upper);
        BigDecimal first = new BigDecimal(lower).divide(step, 0, RoundingMode.CEILING);
        for (BigDecimal i = first; ; i = i.add(BigDecimal.ONE)) {
            BigDecimal v = i.multiply(step);
            if (v.doubleValue() > upper || ticks.size() > 4 * MIN_TICKS) {
                break;
            }
            add(ticks, lower, upper, v, TickType.MAJOR, anchor);
        }
        return ticks;
    }

    /** The largest step of 1, 2 or 5 times a power of ten that puts enough ticks in range. */
    private static BigDecimal linearStep(double lower, double upper) {
        int e = (int) Math.floor(Math.log10(upper - lower));
        int[] nice = {5, 2, 1};
        BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(e);
        for (int i = 0; i < 3 * 4; i++) {
            step = BigDecimal.valueOf(nice[i % 3]).scaleByPowerOfTen(e - i / 3);
            double s = step.doubleValue();
            if (Math.floor(upper / s) - Math.ceil(lower / s) + 1 >= MIN_TICKS) {
                break;
            }
        }
        return step;
    }

    private static int count(
            double lower, double upper, int kLo, int kHi, int step, double[] mantissas) {
        int n = 0;
        for (int k = kLo; k <= kHi; k += step) {
            for (double m : mantissas) {
                double v = BigDecimal.valueOf(m).scaleByPowerOfTen(k).doubleValue();
                if (v >= lower && v <= upper) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void add(
            List<ValueTick> ticks,
            double lower,
            double upper,
            BigDecimal exact,
            TickType type,
            TextAnchor anchor) {
        double v = exact.doubleValue();
        if (v < lower || v > upper) {
            return;
        }
        String label = type == TickType.MAJOR ? label(exact) : "";
        ticks.add(new NumberTick(type, v, label, anchor, anchor, 0.0));
    }

    /**
     * Formats a positive decimal exactly and without locale.
     *
     * @param value the value
     * @return {@code 0.002}-style if its leading digit is at 10^-3 to 10^3, {@code 2e-5}-style
     *     otherwise
     */
    static String label(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        int k = v.precision() - v.scale() - 1;
        if (k >= -3 && k <= 3) {
            return v.toPlainString();
        }
        return v.scaleByPowerOfTen(-k).toPlainString() + "e" + k;
    }
}
