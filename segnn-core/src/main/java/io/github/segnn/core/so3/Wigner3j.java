// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Wigner 3j symbols (real Clebsch-Gordan coefficients) in e3nn's real basis (y polar), as e3nn
 * >= 0.5 builds them: complex SU(2) Clebsch-Gordan coefficients from Racah's formula
 * ({@link ClebschGordan}), mapped to the real basis with {@link #realToComplex(int)} and divided by
 * their Frobenius norm.
 *
 * <p>{@code C = wigner3j(l1, l2, l3)} has shape {@code (2l1+1, 2l2+1, 2l3+1)}, index {@code m+l}
 * along each axis, and is invariant: {@code C = (D1 x D2 x D3) C} for every rotation. It is zero
 * outside the triangle {@code |l1-l2| <= l3 <= l1+l2}. Results are cached; callers get copies.
 *
 * <p>The caches are filled with get/putIfAbsent, not computeIfAbsent, so that a cold JVM pays no
 * lambda bootstrap for them.
 */
public final class Wigner3j {

    /** Flat row-major 3j symbols by {@link #key(int, int, int)}. */
    private static final ConcurrentHashMap<Long, double[]> CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, SparseBasis> BASES = new ConcurrentHashMap<>();

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
        double[] flat = CACHE.get(key);
        if (flat == null) {
            CACHE.putIfAbsent(key, compute(l1, l2, l3));
            flat = CACHE.get(key);
        }
        int d2 = 2 * l2 + 1;
        int d3 = 2 * l3 + 1;
        double[][][] c = new double[2 * l1 + 1][d2][d3];
        int p = 0;
        for (double[][] x : c) {
            for (double[] y : x) {
                System.arraycopy(flat, p, y, 0, d3);
                p += d3;
            }
        }
        return c;
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

    /**
     * Computes {@code R[a][b][c] = sum_{i,k,n} Q1[i][a] Q2[k][b] conj(Q3[n][c]) CG[i][k][n]}, flat and
     * normalized. Each row of Q has at most two nonzeros, so each nonzero CG feeds at most 8 entries.
     */
    private static double[] compute(int l1, int l2, int l3) {
        SparseBasis q1 = basis(l1);
        SparseBasis q2 = basis(l2);
        SparseBasis q3 = basis(l3);
        int d2 = 2 * l2 + 1;
        int d3 = 2 * l3 + 1;
        int size = (2 * l1 + 1) * d2 * d3;
        double[] re = new double[size];
        double[] im = new double[size];
        for (int m1 = -l1; m1 <= l1; m1++) {
            int[] col1 = q1.column()[l1 + m1];
            double[] re1 = q1.re()[l1 + m1];
            double[] im1 = q1.im()[l1 + m1];
            for (int m2 = Math.max(-l2, -l3 - m1); m2 <= Math.min(l2, l3 - m1); m2++) {
                double cg = ClebschGordan.su2(l1, m1, l2, m2, l3, m1 + m2);
                if (cg == 0) {
                    continue;
                }
                int[] col2 = q2.column()[l2 + m2];
                double[] re2 = q2.re()[l2 + m2];
                double[] im2 = q2.im()[l2 + m2];
                int[] col3 = q3.column()[l3 + m1 + m2];
                double[] re3 = q3.re()[l3 + m1 + m2];
                double[] im3 = q3.im()[l3 + m1 + m2];
                for (int x = 0; x < col1.length; x++) {
                    for (int y = 0; y < col2.length; y++) {
                        // (Q1 Q2) cg, then times conj(Q3)
                        double pr = (re1[x] * re2[y] - im1[x] * im2[y]) * cg;
                        double pi = (re1[x] * im2[y] + im1[x] * re2[y]) * cg;
                        int base = (col1[x] * d2 + col2[y]) * d3;
                        for (int z = 0; z < col3.length; z++) {
                            re[base + col3[z]] += pr * re3[z] + pi * im3[z];
                            im[base + col3[z]] += pi * re3[z] - pr * im3[z];
                        }
                    }
                }
            }
        }
        double norm2 = 0;
        for (int p = 0; p < size; p++) {
            if (Math.abs(im[p]) > 1e-9) {
                throw new IllegalStateException("3j (" + l1 + "," + l2 + "," + l3 + ") not real: " + im[p]);
            }
            norm2 += re[p] * re[p];
        }
        double inv = 1 / Math.sqrt(norm2);
        for (int p = 0; p < size; p++) {
            re[p] *= inv;
        }
        return re;
    }

    private static SparseBasis basis(int l) {
        SparseBasis b = BASES.get(l);
        if (b == null) {
            BASES.putIfAbsent(l, SparseBasis.of(realToComplex(l)));
            b = BASES.get(l);
        }
        return b;
    }

    /**
     * The nonzeros {@code re + i im} of each row of a change of basis, at their columns.
     *
     * @param column column of each nonzero, by row
     * @param re real parts, by row
     * @param im imaginary parts, by row
     */
    private record SparseBasis(int[][] column, double[][] re, double[][] im) {

        /** Collects the nonzeros of {@code q = [re, im]}, as {@link #realToComplex(int)} returns it. */
        static SparseBasis of(double[][][] q) {
            int d = q[0].length;
            int[][] column = new int[d][];
            double[][] re = new double[d][];
            double[][] im = new double[d][];
            for (int i = 0; i < d; i++) {
                int n = 0;
                for (int a = 0; a < d; a++) {
                    if (q[0][i][a] != 0 || q[1][i][a] != 0) {
                        n++;
                    }
                }
                column[i] = new int[n];
                re[i] = new double[n];
                im[i] = new double[n];
                n = 0;
                for (int a = 0; a < d; a++) {
                    if (q[0][i][a] != 0 || q[1][i][a] != 0) {
                        column[i][n] = a;
                        re[i][n] = q[0][i][a];
                        im[i][n++] = q[1][i][a];
                    }
                }
            }
            return new SparseBasis(column, re, im);
        }
    }
}
