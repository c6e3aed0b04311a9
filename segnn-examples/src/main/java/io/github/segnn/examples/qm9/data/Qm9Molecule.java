// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import io.github.segnn.examples.qm9.io.Qm9XyzParser;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One QM9 molecule: geometry, the 15 scalar properties, Mulliken charges, harmonic frequencies and
 * the identifiers of the original {@code dsgdb9nsd_NNNNNN.xyz} file. Immutable: every accessor that
 * returns an array returns a fresh copy.
 *
 * <p>Values are kept in the units of the file (positions in Å, energies in Hartree, see {@link
 * Qm9Property}); {@link Qm9Target} converts them to training and reporting units. Build instances
 * with {@link #builder()} or parse them with {@link Qm9XyzParser}.
 */
public final class Qm9Molecule {

    private final int gdbIndex;
    private final Qm9Element[] elements;
    private final double[] positions; // atom-major: x0 y0 z0 x1 y1 z1 ...
    private final double[] properties;
    private final double[] mullikenCharges;
    private final double[] frequencies;
    private final String smilesGdb;
    private final String smilesRelaxed;
    private final String inchiGdb;
    private final String inchiRelaxed;

    private Qm9Molecule(Builder b) {
        this.gdbIndex = b.gdbIndex;
        this.elements = b.elements.clone();
        this.positions = b.positions.clone();
        this.properties = b.properties.clone();
        this.mullikenCharges = b.mullikenCharges.clone();
        this.frequencies = b.frequencies.clone();
        this.smilesGdb = b.smilesGdb;
        this.smilesRelaxed = b.smilesRelaxed;
        this.inchiGdb = b.inchiGdb;
        this.inchiRelaxed = b.inchiRelaxed;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder with no values set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the index of the molecule in the GDB-9 enumeration, the number in the file name and
     * the second token of line 2.
     *
     * @return the one-based index, 1 to 133,885 in the release
     */
    public int gdbIndex() {
        return gdbIndex;
    }

    /**
     * Returns the number of atoms, hydrogens included.
     *
     * @return the atom count (line 1 of the file)
     */
    public int atomCount() {
        return elements.length;
    }

    /**
     * Returns the element of one atom.
     *
     * @param atom the zero-based atom index
     * @return the element
     */
    public Qm9Element element(int atom) {
        return elements[atom];
    }

    /**
     * Returns the elements of all atoms in file order.
     *
     * @return an unmodifiable list of length {@link #atomCount()}
     */
    public List<Qm9Element> elements() {
        return Collections.unmodifiableList(Arrays.asList(elements.clone()));
    }

    /**
     * Returns the element symbols of all atoms in file order.
     *
     * @return a new array, e.g. {@code ["C", "H", "H", "H", "H"]}
     */
    public String[] symbols() {
        String[] out = new String[elements.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements[i].symbol();
        }
        return out;
    }

    /**
     * Returns the atomic numbers of all atoms in file order.
     *
     * @return a new array, e.g. {@code [6, 1, 1, 1, 1]}
     */
    public int[] atomicNumbers() {
        int[] out = new int[elements.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements[i].atomicNumber();
        }
        return out;
    }

    /**
     * Returns one Cartesian coordinate.
     *
     * @param atom the zero-based atom index
     * @param axis 0 for x, 1 for y, 2 for z
     * @return the coordinate in Å
     */
    public double position(int atom, int axis) {
        Objects.checkIndex(atom, elements.length);
        Objects.checkIndex(axis, 3);
        return positions[3 * atom + axis];
    }

    /**
     * Returns all positions.
     *
     * @return a new array of shape [atomCount][3], in Å
     */
    public double[][] positions() {
        double[][] out = new double[elements.length][3];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(positions, 3 * i, out[i], 0, 3);
        }
        return out;
    }

    /**
     * Returns one of the 15 scalar properties of line 2, in the unit of the file.
     *
     * @param property the property
     * @return the raw value, e.g. U0 in Hartree
     */
    public double property(Qm9Property property) {
        return properties[property.column()];
    }

    /**
     * Returns the 15 scalar properties of line 2 in file order (A B C mu alpha homo lumo gap r2
     * zpve U0 U H G Cv).
     *
     * @return a new array of length 15
     */
    public double[] properties() {
        return properties.clone();
    }

    /**
     * Returns the Mulliken partial charge of one atom.
     *
     * @param atom the zero-based atom index
     * @return the charge in units of e
     */
    public double mullikenCharge(int atom) {
        return mullikenCharges[atom];
    }

    /**
     * Returns the Mulliken partial charges (fifth column of the atom lines).
     *
     * @return a new array of length {@link #atomCount()}, in e
     */
    public double[] mullikenCharges() {
        return mullikenCharges.clone();
    }

    /**
     * Returns the harmonic vibrational frequencies of the line after the atoms. Usually 3n-6 (3n-5
     * for linear molecules) values, but a few hundred release files list them twice.
     *
     * @return a new array, in cm⁻¹
     */
    public double[] frequencies() {
        return frequencies.clone();
    }

    /**
     * Returns the SMILES string from GDB-17 (first field of the SMILES line).
     *
     * @return the GDB SMILES
     */
    public String smilesGdb() {
        return smilesGdb;
    }

    /**
     * Returns the SMILES string of the relaxed B3LYP geometry (second field of the SMILES line).
     *
     * @return the relaxed SMILES, or empty if the source does not provide it (qm9pack CSV)
     */
    public Optional<String> smilesRelaxed() {
        return Optional.ofNullable(smilesRelaxed);
    }

    /**
     * Returns the InChI string from GDB-17 (first field of the last line).
     *
     * @return the GDB InChI
     */
    public String inchiGdb() {
        return inchiGdb;
    }

    /**
     * Returns the InChI string of the relaxed B3LYP geometry (second field of the last line).
     *
     * @return the relaxed InChI, or empty if the source does not provide it (qm9pack CSV)
     */
    public Optional<String> inchiRelaxed() {
        return Optional.ofNullable(inchiRelaxed);
    }

    /**
     * Returns the number of atoms of each element.
     *
     * @return a map from element to count, holding only elements present
     */
    public Map<Qm9Element, Integer> composition() {
        Map<Qm9Element, Integer> counts = new EnumMap<>(Qm9Element.class);
        for (Qm9Element e : elements) {
            counts.merge(e, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Qm9Molecule)) {
            return false;
        }
        Qm9Molecule m = (Qm9Molecule) o;
        return gdbIndex == m.gdbIndex
                && Arrays.equals(elements, m.elements)
                && Arrays.equals(positions, m.positions)
                && Arrays.equals(properties, m.properties)
                && Arrays.equals(mullikenCharges, m.mullikenCharges)
                && Arrays.equals(frequencies, m.frequencies)
                && smilesGdb.equals(m.smilesGdb)
                && Objects.equals(smilesRelaxed, m.smilesRelaxed)
                && inchiGdb.equals(m.inchiGdb)
                && Objects.equals(inchiRelaxed, m.inchiRelaxed);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        int h = Integer.hashCode(gdbIndex);
        h = 31 * h + Arrays.hashCode(elements);
        h = 31 * h + Arrays.hashCode(positions);
        h = 31 * h + Arrays.hashCode(properties);
        return 31 * h + smilesGdb.hashCode();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        StringBuilder formula = new StringBuilder();
        composition().forEach((e, n) -> formula.append(e.symbol()).append(n > 1 ? n : ""));
        return "Qm9Molecule[gdb " + gdbIndex + ", " + formula + ", " + smilesGdb + "]";
    }

    /** Collects the fields of a {@link Qm9Molecule}; {@link #build()} checks their consistency. */
    public static final class Builder {
        private int gdbIndex;
        private Qm9Element[] elements;
        private double[] positions;
        private double[] properties;
        private double[] mullikenCharges;
        private double[] frequencies = new double[0];
        private String smilesGdb;
        private String smilesRelaxed;
        private String inchiGdb;
        private String inchiRelaxed;

        private Builder() {}

        /**
         * Sets the one-based GDB-9 index.
         *
         * @param gdbIndex the index, positive
         * @return this Builder
         */
        public Builder setGdbIndex(int gdbIndex) {
            this.gdbIndex = gdbIndex;
            return this;
        }

        /**
         * Sets the elements of the atoms, in file order. The array is copied.
         *
         * @param elements one element per atom
         * @return this Builder
         */
        public Builder setElements(Qm9Element... elements) {
            this.elements = elements.clone();
            return this;
        }

        /**
         * Sets the positions as a flat atom-major array x0 y0 z0 x1 ... in Å. The array is copied.
         *
         * @param positions 3 × atom count values
         * @return this Builder
         */
        public Builder setPositions(double... positions) {
            this.positions = positions.clone();
            return this;
        }

        /**
         * Sets the 15 scalar properties of line 2 in file order. The array is copied.
         *
         * @param properties 15 values, indexed by {@link Qm9Property#column()}
         * @return this Builder
         */
        public Builder setProperties(double... properties) {
            this.properties = properties.clone();
            return this;
        }

        /**
         * Sets the Mulliken charges, one per atom. The array is copied.
         *
         * @param charges the charges in e
         * @return this Builder
         */
        public Builder setMullikenCharges(double... charges) {
            this.mullikenCharges = charges.clone();
            return this;
        }

        /**
         * Sets the harmonic frequencies. Optional; defaults to none. The array is copied.
         *
         * @param frequencies the frequencies in cm⁻¹
         * @return this Builder
         */
        public Builder optFrequencies(double... frequencies) {
            this.frequencies = frequencies.clone();
            return this;
        }

        /**
         * Sets the GDB-17 SMILES.
         *
         * @param smiles the SMILES, non-empty
         * @return this Builder
         */
        public Builder setSmilesGdb(String smiles) {
            this.smilesGdb = smiles;
            return this;
        }

        /**
         * Sets the SMILES of the relaxed geometry. Optional; defaults to absent.
         *
         * @param smiles the SMILES, or null when unknown
         * @return this Builder
         */
        public Builder optSmilesRelaxed(String smiles) {
            this.smilesRelaxed = smiles;
            return this;
        }

        /**
         * Sets the GDB-17 InChI.
         *
         * @param inchi the InChI, non-empty
         * @return this Builder
         */
        public Builder setInchiGdb(String inchi) {
            this.inchiGdb = inchi;
            return this;
        }

        /**
         * Sets the InChI of the relaxed geometry. Optional; defaults to absent.
         *
         * @param inchi the InChI, or null when unknown
         * @return this Builder
         */
        public Builder optInchiRelaxed(String inchi) {
            this.inchiRelaxed = inchi;
            return this;
        }

        /**
         * Checks the values and builds the molecule.
         *
         * @return the molecule
         * @throws IllegalArgumentException if a required value is missing or the array lengths do
         *     not agree with the atom count
         */
        public Qm9Molecule build() {
            if (gdbIndex <= 0) {
                throw new IllegalArgumentException("gdbIndex must be positive, got " + gdbIndex);
            }
            if (elements == null || elements.length == 0) {
                throw new IllegalArgumentException("gdb " + gdbIndex + ": no atoms set");
            }
            for (int i = 0; i < elements.length; i++) {
                if (elements[i] == null) {
                    throw new IllegalArgumentException("gdb " + gdbIndex + ": element " + i + " is null");
                }
            }
            int n = elements.length;
            requireLength("positions", positions, 3 * n);
            requireLength("mullikenCharges", mullikenCharges, n);
            requireLength("properties", properties, Qm9Property.values().length);
            requireText("smilesGdb", smilesGdb);
            requireText("inchiGdb", inchiGdb);
            return new Qm9Molecule(this);
        }

        private void requireLength(String name, double[] values, int expected) {
            if (values == null) {
                throw new IllegalArgumentException("gdb " + gdbIndex + ": " + name + " not set");
            }
            if (values.length != expected) {
                throw new IllegalArgumentException(
                        "gdb " + gdbIndex + ": " + name + " has " + values.length
                                + " values, expected " + expected);
            }
        }

        private void requireText(String name, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("gdb " + gdbIndex + ": " + name + " not set");
            }
        }
    }
}
