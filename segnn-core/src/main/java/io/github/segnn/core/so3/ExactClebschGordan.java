// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Complex SU(2) Clebsch-Gordan coefficients by Racah's factorial formula in exact integer
 * arithmetic up to the final square root. Slow (BigInteger); {@link ClebschGordan} uses it only
 * where its fast path would overflow, and the tests use it as the reference for the fast path.
 */
final class ExactClebschGordan {

    private static final BigInteger[] FACTORIALS = factorials(64);

    private ExactClebschGordan() {}

    /**
     * Returns {@code <j1 m1; j2 m2 | j3 m3>} (Condon-Shortley phase), 0 unless {@code m3 = m1 + m2}.
     *
     * @param j1 first degree
     * @param m1 first order
     * @param j2 second degree
     * @param m2 second order
     * @param j3 coupled degree
     * @param m3 coupled order
     * @return the coefficient
     */
    static double su2(int j1, int m1, int j2, int m2, int j3, int m3) {
        if (m3 != m1 + m2) {
            return 0;
        }
        int vmin = Math.max(Math.max(-j1 + j2 + m3, -j1 + m1), 0);
        int vmax = Math.min(Math.min(j2 + j3 + m1, j3 - j1 + j2), j3 + m3);
        BigInteger num = f(j3 + j1 - j2).multiply(f(j3 - j1 + j2)).multiply(f(j1 + j2 - j3))
                .multiply(f(j3 + m3)).multiply(f(j3 - m3)).multiply(BigInteger.valueOf(2L * j3 + 1));
        BigInteger den = f(j1 + j2 + j3 + 1).multiply(f(j1 - m1)).multiply(f(j1 + m1))
                .multiply(f(j2 - m2)).multiply(f(j2 + m2));
        // S = sum_v (-1)^(v+j2+m2) a_v / b_v, summed exactly over a common denominator
        BigInteger sNum = BigInteger.ZERO;
        BigInteger sDen = BigInteger.ONE;
        for (int v = vmin; v <= vmax; v++) {
            BigInteger a = f(j2 + j3 + m1 - v).multiply(f(j1 - m1 + v));
            BigInteger b = f(v).multiply(f(j3 - j1 + j2 - v)).multiply(f(j3 + m3 - v)).multiply(f(v + j1 - j2 - m3));
            if (((v + j2 + m2) & 1) != 0) {
                a = a.negate();
            }
            sNum = sNum.multiply(b).add(a.multiply(sDen));
            sDen = sDen.multiply(b);
        }
        // C = sqrt(num/den) * sNum/sDen = sign * sqrt(num * sNum^2 / (den * sDen^2))
        if (sNum.signum() == 0) {
            return 0;
        }
        BigInteger top = num.multiply(sNum.multiply(sNum));
        BigInteger bottom = den.multiply(sDen.multiply(sDen));
        double value = Math.sqrt(new BigDecimal(top).divide(new BigDecimal(bottom), MathContext.DECIMAL128).doubleValue());
        return sNum.signum() * value;
    }

    private static BigInteger f(int n) {
        if (n < 0) {
            throw new IllegalStateException("negative factorial argument " + n);
        }
        if (n < FACTORIALS.length) {
            return FACTORIALS[n];
        }
        BigInteger r = FACTORIALS[FACTORIALS.length - 1];
        for (int i = FACTORIALS.length; i <= n; i++) {
            r = r.multiply(BigInteger.valueOf(i));
        }
        return r;
    }

    private static BigInteger[] factorials(int n) {
        BigInteger[] t = new BigInteger[n];
        t[0] = BigInteger.ONE;
        for (int i = 1; i < n; i++) {
            t[i] = t[i - 1].multiply(BigInteger.valueOf(i));
        }
        return t;
    }
}
