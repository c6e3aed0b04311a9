// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real spherical harmonics in e3nn's basis: y is the polar axis and the l=1 components are plain
 * {@code (x, y, z)}. Irreps out: {@code 1x0e+1x1o+...+1x(lmax)}, with parity {@code (-1)^l}.
 *
 * <p>Any degree is computed by one general recursion on homogeneous polynomials:
 * {@code Y^l_k(x) = c_l sum_ij C(1, l-1, l)_ijk x_i Y^(l-1)_j(x)}, with C the {@link Wigner3j} symbol
 * and {@code c_l > 0} fixed once so that {@code |Y^l| = sqrt(2l+1)} on the unit sphere
 * ({@code component} normalization). The recursion stays inside the l-irrep, so the result is
 * equivariant by construction: {@code Y(Rx) = D(R) Y(x)}.
 */
public final class SphericalHarmonics {

    /** Normalization of the harmonics on the unit sphere. */
    public enum Normalization {
        /** {@code |Y^l| = 1}. */
        NORM,
        /** {@code |Y^l|^2 = 2l+1}, {@code Y^0 = 1}. */
        COMPONENT,
        /** Unit L2 norm over the sphere: component divided by {@code sqrt(4 pi)}. */
        INTEGRAL;

        /**
         * Returns the factor applied to the component-normalized harmonics of degree l.
         *
         * @param l the degree
         * @return the factor
         */
        public double factor(int l) {
            switch (this) {
                case NORM:
                    return 1 / Math.sqrt(2 * l + 1);
                case INTEGRAL:
                    return 1 / Math.sqrt(4 * Math.PI);
                default:
                    return 1;
            }
        }
    }

    /**
     * One sparse term of the recursion: {@code Y^l[k] += coefficient * x[i] * Y^(l-1)[j]}.
     *
     * @param i component of the input vector (0..2)
     * @param j component of {@code Y^(l-1)}
     * @param k component of {@code Y^l}
     * @param coefficient the factor, including {@code c_l}
     */
    public record Term(int i, int j, int k, double coefficient) {}

    private static final ConcurrentHashMap<Integer, List<Term>> RECURSION = new ConcurrentHashMap<>();

    /** The eps added to the norm before normalizing, as torch's {@code F.normalize}. */
    public static final double NORMALIZE_EPS = 1e-12;

    private SphericalHarmonics() {}

    /**
     * Returns the nonzero terms that build the component-normalized {@code Y^l} from
     * {@code Y^(l-1)} and the input vector (for {@code l >= 1}).
     *
     * @param l the degree, {@code >= 1}
     * @return an unmodifiable list of terms
     */
    public static List<Term> recursion(int l) {
        if (l < 1) {
            throw new IllegalArgumentException("recursion is defined for l >= 1, got " + l);
        }
        // not computeIfAbsent: building degree l looks up the lower degrees in the same map, and a
        // lambda would cost its bootstrap in a cold JVM
        List<Term> terms = RECURSION.get(l);
        if (terms == null) {
            RECURSION.putIfAbsent(l, buildRecursion(l));
            terms = RECURSION.get(l);
        }
        return terms;
    }

    private static List<Term> buildRecursion(int l) {
        double[][][] c = Wigner3j.of(1, l - 1, l);
        // evaluate at the polar axis e_y to fix c_l (norm sqrt(2l+1), m=0 component positive)
        double[] prev = polarAxis(l - 1);
        double[] t = new double[2 * l + 1];
        for (int j = 0; j < 2 * l - 1; j++) {
            for (int k = 0; k < 2 * l + 1; k++) {
                t[k] += c[1][j][k] * prev[j];
            }
        }
        double n = 0;
        for (double v : t) {
            n += v * v;
        }
        double cl = Math.sqrt(2 * l + 1) / Math.sqrt(n);
        if (t[l] < 0) {
            cl = -cl;
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2 * l - 1; j++) {
                for (int k = 0; k < 2 * l + 1; k++) {
                    if (c[i][j][k] != 0) {
                        terms.add(new Term(i, j, k, cl * c[i][j][k]));
                    }
                }
            }
        }
        return Collections.unmodifiableList(terms);
    }

    private static double[] polarAxis(int l) {
        double[] y = {1};
        for (int d = 1; d <= l; d++) {
            y = step(d, new double[] {0, 1, 0}, y);
        }
        return y;
    }

    private static double[] step(int l, double[] x, double[] prev) {
        double[] out = new double[2 * l + 1];
        for (Term t : recursion(l)) {
            out[t.k()] += t.coefficient() * x[t.i()] * prev[t.j()];
        }
        return out;
    }

    /**
     * Returns the harmonics of degree 0..lmax, concatenated: {@code (lmax+1)^2} values.
     *
     * @param lmax the largest degree
     * @param xyz the vector {@code (x, y, z)}
     * @param normalize whether to divide the input by its norm first (a zero vector then gives 0
     *     for {@code l >= 1})
     * @param normalization the normalization
     * @return the values
     */
    public static double[] compute(int lmax, double[] xyz, boolean normalize, Normalization normalization) {
        double[] x = xyz.clone();
        if (normalize) {
            double n = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
            double d = Math.max(n, NORMALIZE_EPS);
            for (int i = 0; i < 3; i++) {
                x[i] /= d;
            }
        }
        double[] out = new double[(lmax + 1) * (lmax + 1)];
        double[] y = {1};
        out[0] = normalization.factor(0);
        for (int l = 1; l <= lmax; l++) {
            y = step(l, x, y);
            double f = normalization.factor(l);
            for (int k = 0; k < y.length; k++) {
                out[l * l + k] = f * y[k];
            }
        }
        return out;
    }

    /**
     * Returns the harmonics of degree l only: {@code 2l+1} values.
     *
     * @param l the degree
     * @param xyz the vector
     * @param normalize whether to normalize the input
     * @param normalization the normalization
     * @return the values
     */
    public static double[] computeDegree(int l, double[] xyz, boolean normalize, Normalization normalization) {
        double[] all = compute(l, xyz, normalize, normalization);
        double[] out = new double[2 * l + 1];
        System.arraycopy(all, l * l, out, 0, 2 * l + 1);
        return out;
    }
}
