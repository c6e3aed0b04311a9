// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.tp;

/**
 * The nonzero entries {@code (i, j, k, value)} of a Wigner 3j symbol, in row-major order of
 * {@code (i, j, k)}. Immutable: the accessors return copies.
 */
public final class CgEntries {

    private final int[] i;
    private final int[] j;
    private final int[] k;
    private final double[] value;

    /**
     * Collects the entries of {@code c} whose absolute value exceeds {@code 1e-14}.
     *
     * @param c a 3j symbol
     */
    public CgEntries(double[][][] c) {
        int n = 0;
        for (double[][] a : c) {
            for (double[] b : a) {
                for (double v : b) {
                    if (Math.abs(v) > 1e-14) {
                        n++;
                    }
                }
            }
        }
        i = new int[n];
        j = new int[n];
        k = new int[n];
        value = new double[n];
        int p = 0;
        for (int a = 0; a < c.length; a++) {
            for (int b = 0; b < c[a].length; b++) {
                for (int d = 0; d < c[a][b].length; d++) {
                    if (Math.abs(c[a][b][d]) > 1e-14) {
                        i[p] = a;
                        j[p] = b;
                        k[p] = d;
                        value[p++] = c[a][b][d];
                    }
                }
            }
        }
    }

    /**
     * Returns the number of nonzero entries.
     *
     * @return the count
     */
    public int size() {
        return value.length;
    }

    /**
     * Returns the first-input component of each entry.
     *
     * @return a copy
     */
    public int[] i() {
        return i.clone();
    }

    /**
     * Returns the second-input component of each entry.
     *
     * @return a copy
     */
    public int[] j() {
        return j.clone();
    }

    /**
     * Returns the output component of each entry.
     *
     * @return a copy
     */
    public int[] k() {
        return k.clone();
    }

    /**
     * Returns the value of each entry.
     *
     * @return a copy
     */
    public double[] value() {
        return value.clone();
    }
}
