// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The 12 QM9 regression targets of the SEGNN paper, each with the unit the model is trained in
 * and the unit the paper reports.
 *
 * <p>Conversions follow SEGNN's {@code qm9/dataset.py}: Hartree values (homo, lumo, gap, zpve, U0,
 * U, H, G) are multiplied by {@link #HARTREE_TO_EV}; mu (D), alpha (bohr³), r2 (bohr²) and Cv
 * (cal/(mol K)) are used as they are. U0, U, H and G are total energies (no atom references are
 * subtracted). The paper reports energies in meV, so {@link #toReportUnit} multiplies eV by 1000
 * and leaves the other units alone.
 */
public enum Qm9Target {
    /** Isotropic polarizability α, bohr³. */
    ALPHA("alpha", Qm9Property.ALPHA, 1.0, "bohr^3", 1.0, "bohr^3"),
    /** HOMO-LUMO gap Δε, eV (reported in meV). */
    GAP("gap", Qm9Property.GAP, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** HOMO energy, eV (reported in meV). */
    HOMO("homo", Qm9Property.HOMO, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** LUMO energy, eV (reported in meV). */
    LUMO("lumo", Qm9Property.LUMO, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** Dipole moment μ, D. */
    MU("mu", Qm9Property.MU, 1.0, "D", 1.0, "D"),
    /** Heat capacity at 298.15 K, cal/(mol K). */
    CV("Cv", Qm9Property.CV, 1.0, "cal/(mol K)", 1.0, "cal/(mol K)"),
    /** Free energy at 298.15 K, eV (reported in meV). */
    G("G", Qm9Property.G, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** Enthalpy at 298.15 K, eV (reported in meV). */
    H("H", Qm9Property.H, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** Electronic spatial extent R², bohr². */
    R2("r2", Qm9Property.R2, 1.0, "bohr^2", 1.0, "bohr^2"),
    /** Internal energy at 298.15 K, eV (reported in meV). */
    U("U", Qm9Property.U, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** Internal energy at 0 K, eV (reported in meV). */
    U0("U0", Qm9Property.U0, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV"),
    /** Zero-point vibrational energy, eV (reported in meV). */
    ZPVE("zpve", Qm9Property.ZPVE, Qm9Target.HARTREE_TO_EV, "eV", 1000.0, "meV");

    /** eV per Hartree, the constant of SEGNN's {@code qm9/dataset.py} (CODATA 2018). */
    public static final double HARTREE_TO_EV = 27.211386246;

    private final String label;
    private final Qm9Property property;
    private final double factor;
    private final String unit;
    private final double reportFactor;
    private final String reportUnit;

    Qm9Target(String label, Qm9Property property, double factor, String unit, double reportFactor, String reportUnit) {
        this.label = label;
        this.property = property;
        this.factor = factor;
        this.unit = unit;
        this.reportFactor = reportFactor;
        this.reportUnit = reportUnit;
    }

    /**
     * Returns the name used by SEGNN's {@code --target} option and the paper, e.g. {@code "Cv"}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Returns the line-2 property the target is read from.
     *
     * @return the property
     */
    public Qm9Property property() {
        return property;
    }

    /**
     * Returns the unit the model is trained and evaluated in.
     *
     * @return e.g. {@code "eV"} or {@code "bohr^3"}
     */
    public String unit() {
        return unit;
    }

    /**
     * Returns the unit of the paper's tables.
     *
     * @return e.g. {@code "meV"} or {@code "bohr^3"}
     */
    public String reportUnit() {
        return reportUnit;
    }

    /**
     * Returns the factor from the file's unit to {@link #unit()}.
     *
     * @return {@link #HARTREE_TO_EV} for energies, 1 otherwise
     */
    public double conversionFactor() {
        return factor;
    }

    /**
     * Converts a raw value of the file to {@link #unit()}.
     *
     * @param raw the value in the property's file unit (e.g. Hartree)
     * @return the value in {@link #unit()} (e.g. eV)
     */
    public double convert(double raw) {
        return raw * factor;
    }

    /**
     * Returns the target value of a molecule in {@link #unit()}.
     *
     * @param molecule the molecule
     * @return the converted value
     */
    public double value(Qm9Molecule molecule) {
        return convert(molecule.property(property));
    }

    /**
     * Converts a value or an error (e.g. an MAE) from {@link #unit()} to {@link #reportUnit()}.
     *
     * @param value the value in {@link #unit()}
     * @return the value in {@link #reportUnit()} (eV × 1000 for energies)
     */
    public double toReportUnit(double value) {
        return value * reportFactor;
    }

    /**
     * Parses a target name, ignoring case: {@code alpha, gap, homo, lumo, mu, Cv, G, H, r2, U, U0,
     * zpve}.
     *
     * @param name the name, e.g. {@code "U0"}, {@code "u0"} or {@code "cv"}
     * @return the target
     * @throws IllegalArgumentException listing the valid names if {@code name} is unknown
     */
    public static Qm9Target parse(String name) {
        String n = name.strip();
        for (Qm9Target t : values()) {
            if (t.label.equalsIgnoreCase(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown QM9 target '" + name + "'; valid targets (case-insensitive): "
                        + Arrays.stream(values()).map(Qm9Target::label).collect(Collectors.joining(", ")));
    }
}
