// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import java.util.Optional;

/** The five chemical elements that occur in QM9, with their atomic numbers. */
public enum Qm9Element {
    /** Hydrogen. */
    H(1),
    /** Carbon. */
    C(6),
    /** Nitrogen. */
    N(7),
    /** Oxygen. */
    O(8),
    /** Fluorine. */
    F(9);

    private final int atomicNumber;

    Qm9Element(int atomicNumber) {
        this.atomicNumber = atomicNumber;
    }

    /**
     * Returns the atomic number Z.
     *
     * @return the atomic number (1 for H, 6 for C, 7 for N, 8 for O, 9 for F)
     */
    public int atomicNumber() {
        return atomicNumber;
    }

    /**
     * Returns the element symbol as written in the XYZ files.
     *
     * @return the symbol, e.g. {@code "C"}
     */
    public String symbol() {
        return name();
    }

    /**
     * Looks up an element by its symbol, exactly as written in the files (case-sensitive).
     *
     * @param symbol the symbol, e.g. {@code "O"}
     * @return the element, or empty if the symbol is not one of H, C, N, O, F
     */
    public static Optional<Qm9Element> fromSymbol(String symbol) {
        if (symbol.length() != 1) {
            return Optional.empty();
        }
        switch (symbol.charAt(0)) {
            case 'H':
                return Optional.of(H);
            case 'C':
                return Optional.of(C);
            case 'N':
                return Optional.of(N);
            case 'O':
                return Optional.of(O);
            case 'F':
                return Optional.of(F);
            default:
                return Optional.empty();
        }
    }
}
