// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

/**
 * The 15 scalar properties on line 2 of a QM9 XYZ file, in file order, in the units of the file.
 *
 * <p>Line 2 reads {@code gdb <index> A B C mu alpha homo lumo gap r2 zpve U0 U H G Cv}; the
 * constants below are the columns after the tag and the index. All were computed at the
 * B3LYP/6-31G(2df,p) level (README of the figshare release, Ramakrishnan et al. 2014).
 */
public enum Qm9Property {
    /** Rotational constant A, in GHz. */
    A("A", "GHz"),
    /** Rotational constant B, in GHz. */
    B("B", "GHz"),
    /** Rotational constant C, in GHz. */
    C("C", "GHz"),
    /** Dipole moment, in Debye. */
    MU("mu", "D"),
    /** Isotropic polarizability, in bohr³. */
    ALPHA("alpha", "bohr^3"),
    /** Energy of the highest occupied molecular orbital, in Hartree. */
    HOMO("homo", "Ha"),
    /** Energy of the lowest unoccupied molecular orbital, in Hartree. */
    LUMO("lumo", "Ha"),
    /** HOMO-LUMO gap, in Hartree. */
    GAP("gap", "Ha"),
    /** Electronic spatial extent, in bohr². */
    R2("r2", "bohr^2"),
    /** Zero-point vibrational energy, in Hartree. */
    ZPVE("zpve", "Ha"),
    /** Internal energy at 0 K, in Hartree. */
    U0("U0", "Ha"),
    /** Internal energy at 298.15 K, in Hartree. */
    U("U", "Ha"),
    /** Enthalpy at 298.15 K, in Hartree. */
    H("H", "Ha"),
    /** Free energy at 298.15 K, in Hartree. */
    G("G", "Ha"),
    /** Heat capacity at 298.15 K, in cal/(mol K). */
    CV("Cv", "cal/(mol K)");

    private final String label;
    private final String unit;

    Qm9Property(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /**
     * Returns the name used in the release README, e.g. {@code "alpha"} or {@code "Cv"}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Returns the unit of the raw value in the file.
     *
     * @return the unit, e.g. {@code "Ha"}
     */
    public String unit() {
        return unit;
    }

    /**
     * Returns the position of this property among the 15 numbers after {@code gdb <index>}.
     *
     * @return the zero-based column, 0 for A to 14 for Cv
     */
    public int column() {
        return ordinal();
    }
}
