// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import io.github.segnn.core.irreps.Irrep;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;

/**
 * Wigner D matrices in e3nn's real basis, for any degree: {@code D^l(alpha, beta, gamma) =
 * exp(alpha J_y) exp(beta J_x) exp(gamma J_y)} with the real so(3) generators {@link #generators}.
 * For l=1, {@code D(R) = R}. Improper elements act through parity: {@code D_(l,p)(R) =
 * p^k D^l(det(R) R)} with {@code k = 1} when {@code det R = -1}.
 */
public final class WignerD {

    private WignerD() {}

    /**
     * Returns the real so(3) generators {@code [J_x, J_y, J_z]} of degree l in e3nn's basis.
     *
     * @param l the degree
     * @return three {@code (2l+1) x (2l+1)} antisymmetric matrices
     */
    public static double[][][] generators(int l) {
        int d = 2 * l + 1;
        // complex su(2) generators, as e3nn: X = 0.5 (raising + lowering), Y = diag(i m),
        // Z = -0.5 i (raising - lowering)
        double[][] raising = new double[d][d];
        double[][] lowering = new double[d][d];
        for (int m = -l; m < l; m++) {
            raising[l + m + 1][l + m] = -Math.sqrt(l * (l + 1.0) - m * (m + 1.0));
        }
        for (int m = -l + 1; m <= l; m++) {
            lowering[l + m - 1][l + m] = Math.sqrt(l * (l + 1.0) - m * (m - 1.0));
        }
        double[][][] re = new double[3][d][d];
        double[][][] im = new double[3][d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                re[0][a][b] = 0.5 * (raising[a][b] + lowering[a][b]);
                im[2][a][b] = -0.5 * (raising[a][b] - lowering[a][b]);
            }
            im[1][a][a] = a - l;
        }
        double[][][] q = Wigner3j.realToComplex(l);
        double[][][] out = new double[3][][];
        for (int g = 0; g < 3; g++) {
            // conj(Q^T) X Q, real part
            double[][] xr = re[g];
            double[][] xi = im[g];
            double[][] tr = new double[d][d];
            double[][] ti = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double sr = 0;
                    double si = 0;
                    for (int k = 0; k < d; k++) {
                        sr += xr[a][k] * q[0][k][b] - xi[a][k] * q[1][k][b];
                        si += xr[a][k] * q[1][k][b] + xi[a][k] * q[0][k][b];
                    }
                    tr[a][b] = sr;
                    ti[a][b] = si;
                }
            }
            double[][] r = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double sr = 0;
                    for (int k = 0; k < d; k++) {
                        // conj(Q)[k][a] = (q0 - i q1)[k][a]
                        sr += q[0][k][a] * tr[k][b] + q[1][k][a] * ti[k][b];
                    }
                    r[a][b] = sr;
                }
            }
            out[g] = r;
        }
        return out;
    }

    /**
     * Returns {@code D^l(alpha, beta, gamma)} for a proper rotation.
     *
     * @param l the degree
     * @param alpha first Euler angle (about y)
     * @param beta second Euler angle (about x)
     * @param gamma third Euler angle (about y)
     * @return the {@code (2l+1) x (2l+1)} matrix
     */
    public static double[][] fromAngles(int l, double alpha, double beta, double gamma) {
        double[][][] j = generators(l);
        return Matrices.multiply(Matrices.multiply(Matrices.exp(Matrices.scale(j[1], alpha)),
                Matrices.exp(Matrices.scale(j[0], beta))), Matrices.exp(Matrices.scale(j[1], gamma)));
    }

    /**
     * Returns the representation of an orthogonal matrix on an irrep, parity included.
     *
     * @param irrep the irrep
     * @param r an orthogonal 3 x 3 matrix (det +1 or -1)
     * @return the {@code (2l+1) x (2l+1)} matrix
     */
    public static double[][] fromMatrix(Irrep irrep, double[][] r) {
        double det = Matrices.det3(r);
        if (Math.abs(Math.abs(det) - 1) > 1e-6) {
            throw new IllegalArgumentException("Matrix is not orthogonal: det = " + det);
        }
        double sign = Math.signum(det);
        double[] angles = Rotations.toAngles(Matrices.scale(r, sign));
        double[][] d = fromAngles(irrep.l(), angles[0], angles[1], angles[2]);
        return sign < 0 && irrep.p() < 0 ? Matrices.scale(d, -1) : d;
    }

    /**
     * Returns the block-diagonal representation of an orthogonal matrix on irreps, one block per
     * irrep copy, in the irreps' layout.
     *
     * @param irreps the irreps
     * @param r an orthogonal 3 x 3 matrix
     * @return the {@code dim x dim} matrix
     */
    public static double[][] fromMatrix(Irreps irreps, double[][] r) {
        int n = irreps.dim();
        double[][] out = new double[n][n];
        int offset = 0;
        for (MulIrrep b : irreps.blocks()) {
            double[][] d = fromMatrix(b.irrep(), r);
            int dim = b.irrep().dim();
            for (int u = 0; u < b.mul(); u++) {
                for (int i = 0; i < dim; i++) {
                    System.arraycopy(d[i], 0, out[offset + i], offset, dim);
                }
                offset += dim;
            }
        }
        return out;
    }
}
