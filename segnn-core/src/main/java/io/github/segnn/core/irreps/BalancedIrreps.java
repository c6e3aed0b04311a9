// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

import java.util.ArrayList;
import java.util.List;

/**
 * SEGNN's {@code BalancedIrreps(lmax, dim, sh)}: splits a budget of {@code dim} components
 * equally across the irrep types {@code 0e, 1o, 2e, ...} (with {@code sh = false}: {@code 0e, 1e,
 * 1o, 2e, 2o, ...}); the rounding remainder goes to the scalars, so the total dimension is exactly
 * {@code dim}. Irreps out: for example {@code (1, 64) -> 34x0e+10x1o}.
 */
public final class BalancedIrreps {

    private BalancedIrreps() {}

    /**
     * Returns the balanced irreps, refusing a result with a zero-multiplicity block.
     *
     * @param lmax the largest degree
     * @param dim the total dimension
     * @param sh whether to use only spherical-harmonic parities
     * @return the irreps
     * @throws IllegalArgumentException if some type gets no copy
     */
    public static Irreps of(int lmax, int dim, boolean sh) {
        Irreps r = candidate(lmax, dim, sh);
        for (MulIrrep b : r.blocks()) {
            if (b.mul() == 0) {
                throw new IllegalArgumentException("BalancedIrreps(lmax=" + lmax + ", dim=" + dim + ", sh=" + sh
                        + ") = " + r + " has a zero-multiplicity block (" + b
                        + "): increase dim or lower lmax");
            }
        }
        return r;
    }

    /** The official construction, zero-multiplicity blocks included. */
    static Irreps candidate(int lmax, int dim, boolean sh) {
        if (lmax < 0 || dim <= 0) {
            throw new IllegalArgumentException("BalancedIrreps needs lmax >= 0 and dim > 0, got lmax=" + lmax
                    + ", dim=" + dim);
        }
        List<Irrep> types = new ArrayList<>();
        types.add(Irrep.of(0, 1));
        for (int l = 1; l <= lmax; l++) {
            if (sh) {
                types.add(Irrep.sphericalHarmonic(l));
            } else {
                types.add(Irrep.of(l, 1));
                types.add(Irrep.of(l, -1));
            }
        }
        int[] copies = new int[types.size()];
        int used = 0;
        for (int t = 0; t < types.size(); t++) {
            // the official code computes int(vec_dim * (1 / dim_l) / n_types) in floating point
            copies[t] = (int) (dim * (1.0 / types.get(t).dim()) / types.size());
            used += copies[t] * types.get(t).dim();
        }
        copies[0] += dim - used;
        List<MulIrrep> blocks = new ArrayList<>();
        for (int t = 0; t < types.size(); t++) {
            blocks.add(new MulIrrep(copies[t], types.get(t)));
        }
        return Irreps.of(blocks);
    }
}
