// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

/**
 * A block of an {@link Irreps}: {@code mul} copies of one {@link Irrep}, laid out copy-major
 * ({@code index = u * (2l+1) + (m + l)}).
 *
 * @param mul the multiplicity, {@code >= 0}
 * @param irrep the irrep
 */
public record MulIrrep(int mul, Irrep irrep) {

    /**
     * Validates the multiplicity and the irrep.
     *
     * @param mul the multiplicity, {@code >= 0}
     * @param irrep the irrep, not null
     * @throws IllegalArgumentException when {@code mul < 0} or {@code irrep} is null
     */
    public MulIrrep {
        if (mul < 0) {
            throw new IllegalArgumentException("Multiplicity must be >= 0, got " + mul + " for " + irrep);
        }
        if (irrep == null) {
            throw new IllegalArgumentException("irrep must not be null");
        }
    }

    /**
     * Returns the dimension {@code mul * (2l+1)}.
     *
     * @return the dimension
     */
    public int dim() {
        return mul * irrep.dim();
    }

    /**
     * Returns the degree of the irrep.
     *
     * @return l
     */
    public int l() {
        return irrep.l();
    }

    @Override
    public String toString() {
        return mul + "x" + irrep;
    }
}
