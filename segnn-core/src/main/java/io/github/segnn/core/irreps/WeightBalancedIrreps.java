// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

/**
 * SEGNN's {@code WeightBalancedIrreps(scalars, attr, sh, lmax)}: the smallest {@code n} such that
 * the fully connected tensor product {@code H x attr -> H} with {@code H = n x (0e+1o+2e+...)} up to
 * {@code lmax} (with {@code sh = false}: {@code BalancedIrreps(lmax, n)}) has at least as many
 * weights as the scalar layer {@code F x0e x 1x0e -> F x0e}. Irreps out: N-body defaults give
 * {@code 32x0e+32x1o}, QM9 defaults {@code 36x0e+36x1o+36x2e}.
 */
public final class WeightBalancedIrreps {

    private WeightBalancedIrreps() {}

    /**
     * Returns the weight-balanced hidden irreps.
     *
     * @param scalars the scalar irreps whose layer sets the weight budget, such as {@code 64x0e}
     * @param attr the attribute irreps
     * @param sh whether to use equal multiplicities of spherical-harmonic types
     * @param lmax the largest degree of the result
     * @return the irreps
     * @throws IllegalArgumentException if {@code scalars} is empty or holds a non-scalar irrep, if
     *     {@code attr} is empty, if {@code lmax} is negative, or if the result has a
     *     zero-multiplicity block
     */
    public static Irreps of(Irreps scalars, Irreps attr, boolean sh, int lmax) {
        String call = "WeightBalancedIrreps(" + scalars + ", " + attr + ", sh=" + sh + ", lmax=" + lmax + ")";
        if (scalars.dim() == 0) {
            throw new IllegalArgumentException(call + ": the scalars are empty; give the scalar layer's irreps, such as"
                    + " 64x0e");
        }
        for (MulIrrep b : scalars.blocks()) {
            if (!b.irrep().isScalar()) {
                throw new IllegalArgumentException(call + ": the scalars must be even scalars (0e) only, the irreps of"
                        + " the scalar layer whose weight count sets the budget, but they hold " + b
                        + "; give, for example, " + scalars.count(Irrep.of(0, 1)) + "x0e, or use BalancedIrreps for a"
                        + " fixed multiplicity");
            }
        }
        if (attr.dim() == 0) {
            throw new IllegalArgumentException(call + ": the attribute irreps are empty");
        }
        if (lmax < 0) {
            throw new IllegalArgumentException(call + ": lmax must be >= 0");
        }
        Irreps one = Irreps.parse("1x0e");
        long budget = weights(scalars, one);
        for (int n = 1;; n++) {
            Irreps h = sh ? Irreps.sphericalHarmonics(lmax).repeat(n).sort().irreps().simplify()
                    : BalancedIrreps.candidate(lmax, n, false);
            if (weights(h, attr) >= budget) {
                if (hasZero(h)) {
                    throw new IllegalArgumentException("WeightBalancedIrreps(" + scalars + ", " + attr + ", sh=" + sh
                            + ", lmax=" + lmax + ") = " + h + " has a zero-multiplicity block: use sh=true or more"
                            + " scalar features");
                }
                return h;
            }
            if (n > 1_000_000) {
                throw new IllegalArgumentException("WeightBalancedIrreps found no irreps for " + scalars + " and " + attr);
            }
        }
    }

    private static boolean hasZero(Irreps h) {
        for (MulIrrep b : h.blocks()) {
            if (b.mul() == 0) {
                return true;
            }
        }
        return false;
    }

    /** Weight count of the fully connected product {@code h x attr -> h}, as e3nn counts it. */
    private static long weights(Irreps h, Irreps attr) {
        long n = 0;
        for (MulIrrep a : h.blocks()) {
            for (MulIrrep b : attr.blocks()) {
                for (MulIrrep c : h.blocks()) {
                    if (c.irrep().isIn(a.irrep(), b.irrep())) {
                        n += (long) a.mul() * b.mul() * c.mul();
                    }
                }
            }
        }
        return n;
    }
}
