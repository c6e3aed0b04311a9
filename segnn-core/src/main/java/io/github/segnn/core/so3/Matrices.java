// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

/** Small dense real matrix helpers for the O(3) code (row-major {@code double[][]}). */
public final class Matrices {

    private Matrices() {}

    /**
     * Returns {@code a b}.
     *
     * @param a left factor
     * @param b right factor
     * @return the product
     */
    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double v = a[i][p];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    c[i][j] += v * b[p][j];
                }
            }
        }
        return c;
    }

    /**
     * Returns {@code a x}.
     *
     * @param a the matrix
     * @param x the vector
     * @return the product
     */
    public static double[] apply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /**
     * Returns the transpose.
     *
     * @param a the matrix
     * @return its transpose
     */
    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /**
     * Returns the n x n identity.
     *
     * @param n the size
     * @return the identity
     */
    public static double[][] identity(int n) {
        double[][] e = new double[n][n];
        for (int i = 0; i < n; i++) {
            e[i][i] = 1;
        }
        return e;
    }

    /**
     * Returns {@code s a}.
     *
     * @param a the matrix
     * @param s the factor
     * @return the scaled copy
     */
    public static double[][] scale(double[][] a, double s) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = s * a[i][j];
            }
        }
        return c;
    }

    /**
     * Returns the determinant of a 3 x 3 matrix.
     *
     * @param r the matrix
     * @return its determinant
     */
    public static double det3(double[][] r) {
        return r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    }

    /**
     * Returns the matrix exponential by scaling and squaring of a Taylor series, accurate to a
     * few ulps for the small generators used here.
     *
     * @param a a square matrix
     * @return {@code exp(a)}
     */
    public static double[][] exp(double[][] a) {
        int n = a.length;
        double norm = 0;
        for (double[] row : a) {
            double s = 0;
            for (double v : row) {
                s += Math.abs(v);
            }
            norm = Math.max(norm, s);
        }
        int squarings = Math.max(0, (int) Math.ceil(Math.log(norm / 0.25) / Math.log(2)));
        double[][] x = scale(a, Math.pow(2, -squarings));
        double[][] result = identity(n);
        double[][] term = identity(n);
        for (int k = 1; k <= 24; k++) {
            term = scale(multiply(term, x), 1.0 / k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    result[i][j] += term[i][j];
                }
            }
        }
        for (int s = 0; s < squarings; s++) {
            result = multiply(result, result);
        }
        return result;
    }

    /**
     * Returns the largest absolute entry of {@code a - b}.
     *
     * @param a first matrix
     * @param b second matrix
     * @return the max-abs difference
     */
    public static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }
}
