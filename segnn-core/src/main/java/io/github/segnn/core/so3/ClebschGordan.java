// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

/**
 * Complex SU(2) Clebsch-Gordan coefficients (Condon-Shortley phase) from Racah's formula in
 * binomial form, in {@code long} and {@code double} arithmetic:
 *
 * <pre>
 * &lt;j1 m1; j2 m2 | j3 m3&gt; = S sqrt((2j3+1) C(2j1,a) C(2j2,a)
 *                          / ((J+1) C(J,a) C(2j1,j1-m1) C(2j2,j2-m2) C(2j3,j3-m3)))
 * S = sum_k (-1)^k C(a,k) C(b,j1-m1-k) C(c,j2+m2-k)
 * </pre>
 *
 * with {@code C(n, k)} the binomial coefficient, {@code J = j1+j2+j3}, {@code a = J-2j3},
 * {@code b = J-2j2}, {@code c = J-2j1}. The integer sum S is exact: each term and partial sum is at
 * most {@code 2^J} in absolute value, so it fits a {@code long} for {@code J <= 62}; beyond that
 * {@link ExactClebschGordan} takes over. The square root carries a few ulps of rounding. Exact
 * zeros stay zero, and coefficients equal up to sign (such as {@code m -> -m}) are bit-identical up
 * to sign, so the real-basis sums of {@link Wigner3j} cancel to exact zeros.
 */
final class ClebschGordan {

    /** Largest {@code j1+j2+j3} of the fast path. */
    static final int MAX_FAST_J = 62;

    private static final long[][] BINOMIAL = pascal(MAX_FAST_J);

    private ClebschGordan() {}

    /**
     * Returns {@code <j1 m1; j2 m2 | j3 m3>}, 0 unless {@code m3 = m1 + m2}; the degrees must
     * satisfy the triangle rule and {@code |mi| <= ji}.
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
        int total = j1 + j2 + j3;
        if (total > MAX_FAST_J) {
            return ExactClebschGordan.su2(j1, m1, j2, m2, j3, m3);
        }
        int a = total - 2 * j3;
        int b = total - 2 * j2;
        int c = total - 2 * j1;
        int p = j1 - m1;
        int q = j2 + m2;
        long s = 0;
        for (int k = Math.max(0, Math.max(p - b, q - c)); k <= Math.min(a, Math.min(p, q)); k++) {
            long term = BINOMIAL[a][k] * BINOMIAL[b][p - k] * BINOMIAL[c][q - k];
            s += (k & 1) == 0 ? term : -term;
        }
        if (s == 0) {
            return 0;
        }
        double num = (2.0 * j3 + 1) * BINOMIAL[2 * j1][a] * BINOMIAL[2 * j2][a];
        double den = (total + 1.0) * BINOMIAL[total][a] * BINOMIAL[2 * j1][p] * BINOMIAL[2 * j2][j2 - m2]
                * BINOMIAL[2 * j3][j3 - m3];
        return s * Math.sqrt(num / den);
    }

    private static long[][] pascal(int n) {
        long[][] t = new long[n + 1][];
        for (int i = 0; i <= n; i++) {
            t[i] = new long[i + 1];
            t[i][0] = 1;
            t[i][i] = 1;
            for (int k = 1; k < i; k++) {
                t[i][k] = t[i - 1][k - 1] + t[i - 1][k];
            }
        }
        return t;
    }
}
