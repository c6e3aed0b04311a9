// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * Correctly rounded x<sup>1.5</sup> and x<sup>−1.5</sup>, the two powers the N-body simulators
 * raise distances to.
 *
 * <p>numpy's {@code np.power} calls the C library's {@code pow}; glibc's is correctly rounded for
 * all but about one argument in a thousand, {@link Math#pow} and {@link StrictMath#pow} for fewer.
 * These functions evaluate the power in double-double arithmetic (a correctly rounded square root
 * plus exact error terms from fused multiply-adds) and round once, so they agree with a correctly
 * rounded {@code pow} except in cases too close to a rounding boundary to occur in practice.
 */
final class Powers {

    private static final double SMALL = 1e-200;
    private static final double LARGE = 1e200;

    private Powers() {}

    /**
     * Returns x<sup>1.5</sup>, correctly rounded.
     *
     * @param x the base; outside (1e-200, 1e200) the result is {@link Math#pow}'s, so negative
     *     and NaN give NaN
     * @return x·√x rounded once
     */
    static double pow1p5(double x) {
        if (!(x > SMALL && x < LARGE)) {
            return Math.pow(x, 1.5);
        }
        double s = Math.sqrt(x);
        double p = x * s;
        return p + lowPart(x, s, p);
    }

    /**
     * Returns x<sup>−1.5</sup>, correctly rounded.
     *
     * @param x the base; outside (1e-200, 1e200) the result is {@link Math#pow}'s
     * @return 1/(x·√x) rounded once
     */
    static double powMinus1p5(double x) {
        if (!(x > SMALL && x < LARGE)) {
            return Math.pow(x, -1.5);
        }
        double s = Math.sqrt(x);
        double p = x * s;
        double lo = lowPart(x, s, p);
        double q = 1.0 / p;
        double e = Math.fma(-q, p, 1.0) - q * lo;
        return q + q * e;
    }

    /**
     * Returns the low word of x·√x given its rounded value {@code p = x * s}, s = √x rounded: the
     * exact error of the product plus x·(√x − s) ≈ x·(x − s²)/(2s) = (x − s²)·s/2·(x/s²), where
     * x/s² = 1 within 2<sup>−52</sup>, so the term (itself below 2<sup>−52</sup>·p) needs no
     * division.
     */
    private static double lowPart(double x, double s, double p) {
        double residual = Math.fma(-s, s, x);
        double productError = Math.fma(x, s, -p);
        return productError + 0.5 * (residual * s);
    }
}
