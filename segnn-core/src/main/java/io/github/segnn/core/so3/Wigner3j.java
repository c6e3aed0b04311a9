package io.github.segnn.core.so3;

import java.math.BigInteger;
import java.math.MathContext;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wigner 3j symbols (real Clebsch-Gordan coefficients) in e3nn's real basis (y polar), as e3nn
 * >= 0.5 builds them: complex SU(2) Clebsch-Gordan coefficients from Racah's formula, mapped to the
 * real basis with {@link #realToComplex(int)} and divided by their Frobenius norm.
 *
 * <p>{@code C = wigner3j(l1, l2, l3)} has shape {@code (2l1+1, 2l2+1, 2l3+1)}, index {@code m+l}
 * along each axis, and is invariant: {@code C = (D1 x D2 x D3) C} for every rotation. It is zero
 * outside the triangle {@code |l1-l2| <= l3 <= l1+l2}. Results are cached; callers get copies.
 */
public final class Wigner3j {

    private static final ConcurrentHashMap<Long, double[][][]> CACHE = new ConcurrentHashMap<>();
    private static final BigInteger[] FACTORIALS = factorials(64);

    private Wigner3j() {}

    /**
     * Returns the 3j symbol of {@code (l1, l2, l3)}, Frobenius norm 1.
     *
     * @param l1 first degree
     * @param l2 second degree
     * @param l3 third degree
     * @return a fresh array of shape {@code (2l1+1, 2l2+1, 2l3+1)}
     * @throws IllegalArgumentException outside the triangle rule
     */
    public static double[][][] of(int l1, int l2, int l3) {
        if (l1 < 0 || l2 < 0 || l3 < 0 || l3 < Math.abs(l1 - l2) || l3 > l1 + l2) {
            throw new IllegalArgumentException(
                    "Wigner 3j (" + l1 + "," + l2 + "," + l3 + ") violates the triangle rule |l1-l2| <= l3 <= l1+l2");
        }
        long key = ((long) l1 << 40) | ((long) l2 << 20) | l3;
        double[][][] c = CACHE.computeIfAbsent(key, k -> compute(l1, l2, l3));
        double[][][] copy = new double[c.length][c[0].length][];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c[0].length; j++) {
                copy[i][j] = c[i][j].clone();
            }
        }
        return copy;
    }

    /**
     * Returns e3nn's change of basis from real to complex spherical harmonics of degree {@code l},
     * including the global factor {@code (-i)^l}: {@code [re, im]}, each {@code (2l+1) x (2l+1)}.
     *
     * @param l the degree
     * @return real and imaginary parts
     */
    public static double[][][] realToComplex(int l) {
        int d = 2 * l + 1;
        double[][] re = new double[d][d];
        double[][] im = new double[d][d];
        double s = Math.sqrt(0.5);
        for (int m = -l; m < 0; m++) {
            re[l + m][l - m] = s;
            im[l + m][l + m] = -s;
        }
        re[l][l] = 1;
        for (int m = 1; m <= l; m++) {
            double sign = (m % 2 == 0) ? 1 : -1;
            re[l + m][l + m] = sign * s;
            im[l + m][l - m] = sign * s;
        }
        // multiply by (-i)^l
        double fr;
        double fi;
        switch (l % 4) {
            case 0: fr = 1; fi = 0; break;
            case 1: fr = 0; fi = -1; break;
            case 2: fr = -1; fi = 0; break;
            default: fr = 0; fi = 1; break;
        }
        double[][] r2 = new double[d][d];
        double[][] i2 = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                r2[a][b] = fr * re[a][b] - fi * im[a][b];
                i2[a][b] = fr * im[a][b] + fi * re[a][b];
            }
        }
        return new double[][][] {r2, i2};
    }

    private static double[][][] compute(int l1, int l2, int l3) {
        int d1 = 2 * l1 + 1;
        int d2 = 2 * l2 + 1;
        int d3 = 2 * l3 + 1;
        double[][][] cg = new double[d1][d2][d3];
        for (int m1 = -l1; m1 <= l1; m1++) {
            for (int m2 = -l2; m2 <= l2; m2++) {
                int m3 = m1 + m2;
                if (Math.abs(m3) <= l3) {
                    cg[l1 + m1][l2 + m2][l3 + m3] = su2ClebschGordan(l1, m1, l2, m2, l3, m3);
                }
            }
        }
        double[][][] q1 = realToComplex(l1);
        double[][][] q2 = realToComplex(l2);
        double[][][] q3 = realToComplex(l3);
        // T1[a][k][n] = sum_i Q1[i][a] C[i][k][n]
        double[][][] t1r = new double[d1][d2][d3];
        double[][][] t1i = new double[d1][d2][d3];
        for (int a = 0; a < d1; a++) {
            for (int i = 0; i < d1; i++) {
                double qr = q1[0][i][a];
                double qi = q1[1][i][a];
                if (qr == 0 && qi == 0) {
                    continue;
                }
                for (int k = 0; k < d2; k++) {
                    for (int n = 0; n < d3; n++) {
                        double c = cg[i][k][n];
                        t1r[a][k][n] += qr * c;
                        t1i[a][k][n] += qi * c;
                    }
                }
            }
        }
        // T2[a][b][n] = sum_k Q2[k][b] T1[a][k][n]
        double[][][] t2r = new double[d1][d2][d3];
        double[][][] t2i = new double[d1][d2][d3];
        for (int b = 0; b < d2; b++) {
            for (int k = 0; k < d2; k++) {
                double qr = q2[0][k][b];
                double qi = q2[1][k][b];
                if (qr == 0 && qi == 0) {
                    continue;
                }
                for (int a = 0; a < d1; a++) {
                    for (int n = 0; n < d3; n++) {
                        t2r[a][b][n] += qr * t1r[a][k][n] - qi * t1i[a][k][n];
                        t2i[a][b][n] += qr * t1i[a][k][n] + qi * t1r[a][k][n];
                    }
                }
            }
        }
        // R[a][b][c] = sum_n conj(Q3[n][c]) T2[a][b][n]; keep the real part
        double[][][] out = new double[d1][d2][d3];
        double norm2 = 0;
        for (int a = 0; a < d1; a++) {
            for (int b = 0; b < d2; b++) {
                for (int c = 0; c < d3; c++) {
                    double re = 0;
                    double im = 0;
                    for (int n = 0; n < d3; n++) {
                        double qr = q3[0][n][c];
                        double qi = -q3[1][n][c];
                        re += qr * t2r[a][b][n] - qi * t2i[a][b][n];
                        im += qr * t2i[a][b][n] + qi * t2r[a][b][n];
                    }
                    if (Math.abs(im) > 1e-9) {
                        throw new IllegalStateException("3j (" + l1 + "," + l2 + "," + l3 + ") not real: " + im);
                    }
                    out[a][b][c] = re;
                    norm2 += re * re;
                }
            }
        }
        double inv = 1 / Math.sqrt(norm2);
        for (double[][] x : out) {
            for (double[] y : x) {
                for (int c = 0; c < y.length; c++) {
                    y[c] *= inv;
                }
            }
        }
        return out;
    }

    /**
     * Complex SU(2) Clebsch-Gordan coefficient {@code <j1 m1; j2 m2 | j3 m3>} (Condon-Shortley
     * phase) by Racah's formula, with exact integer arithmetic up to the final square root.
     */
    static double su2ClebschGordan(int j1, int m1, int j2, int m2, int j3, int m3) {
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
        double value = Math.sqrt(new java.math.BigDecimal(top)
                .divide(new java.math.BigDecimal(bottom), MathContext.DECIMAL128).doubleValue());
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
