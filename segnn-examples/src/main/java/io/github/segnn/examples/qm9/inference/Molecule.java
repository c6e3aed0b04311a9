// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import io.github.segnn.examples.qm9.data.Qm9Element;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A molecule to predict for: an identifier, the element of each atom and its Cartesian position in
 * Å. Only the elements a QM9 model knows are accepted (H, C, N, O, F). Immutable; array accessors
 * return copies. Read from files with {@link io.github.segnn.examples.qm9.screen.MoleculeSource}, build in code with {@link #of}, or
 * take from a parsed QM9 file with {@link #of(Qm9Molecule)}.
 */
public final class Molecule {

    private final String id;
    private final Qm9Element[] elements;
    private final double[] positions; // atom-major: x0 y0 z0 x1 ...

    private Molecule(String id, Qm9Element[] elements, double[] positions) {
        this.id = id;
        this.elements = elements;
        this.positions = positions;
    }

    /**
     * Builds a molecule from element symbols and positions.
     *
     * @param id an identifier reported with the prediction (a file name, a database key...)
     * @param symbols one element symbol per atom, e.g. {@code ["C", "H", "H", "H", "H"]}
     * @param positions {@code [atom][xyz]} in Å
     * @return the molecule
     * @throws IllegalArgumentException naming the atom if a symbol is not H, C, N, O or F, a
     *     position is not finite, or the counts disagree
     */
    public static Molecule of(String id, List<String> symbols, double[][] positions) {
        Objects.requireNonNull(id, "id");
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException(id + ": a molecule needs at least one atom");
        }
        if (positions.length != symbols.size()) {
            throw new IllegalArgumentException(id + ": " + symbols.size() + " element symbols but " + positions.length
                    + " positions");
        }
        Qm9Element[] e = new Qm9Element[symbols.size()];
        double[] p = new double[3 * e.length];
        for (int a = 0; a < e.length; a++) {
            String s = symbols.get(a);
            int atom = a;
            e[a] = Qm9Element.fromSymbol(s == null ? "" : s.strip()).orElseThrow(() -> new IllegalArgumentException(
                    id + ": atom " + (atom + 1) + " is '" + s + "'; the model knows only H, C, N, O and F"));
            if (positions[a] == null || positions[a].length != 3) {
                throw new IllegalArgumentException(id + ": atom " + (a + 1) + " needs 3 coordinates");
            }
            for (int c = 0; c < 3; c++) {
                if (!Double.isFinite(positions[a][c])) {
                    throw new IllegalArgumentException(id + ": atom " + (a + 1) + " has a coordinate that is not a "
                            + "finite number (" + positions[a][c] + ")");
                }
                p[3 * a + c] = positions[a][c];
            }
        }
        if (e.length > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(id + ": " + e.length + " atoms; at most " + Byte.MAX_VALUE
                    + " are supported");
        }
        return new Molecule(id, e, p);
    }

    /**
     * Takes the atoms of a parsed QM9 molecule; its identifier is {@code gdb_N}.
     *
     * @param molecule the QM9 molecule
     * @return the molecule
     */
    public static Molecule of(Qm9Molecule molecule) {
        return of("gdb_" + molecule.gdbIndex(), List.of(molecule.symbols()), molecule.positions());
    }

    /**
     * Returns the identifier.
     *
     * @return the id given at construction
     */
    public String id() {
        return id;
    }

    /**
     * Returns the number of atoms.
     *
     * @return the atom count
     */
    public int atomCount() {
        return elements.length;
    }

    /**
     * Returns the element of an atom.
     *
     * @param atom zero-based atom index
     * @return the element
     */
    public Qm9Element element(int atom) {
        return elements[atom];
    }

    /**
     * Returns all positions.
     *
     * @return a new {@code [atom][xyz]} array in Å
     */
    public double[][] positions() {
        double[][] out = new double[elements.length][3];
        for (int a = 0; a < out.length; a++) {
            System.arraycopy(positions, 3 * a, out[a], 0, 3);
        }
        return out;
    }

    /**
     * Returns the Hill formula: C first, then H, then the others alphabetically, counts above one.
     *
     * @return e.g. {@code CH4} or {@code C2H6O}
     */
    public String formula() {
        Map<Qm9Element, Integer> counts = new EnumMap<>(Qm9Element.class);
        for (Qm9Element e : elements) {
            counts.merge(e, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        Qm9Element[] order = counts.containsKey(Qm9Element.C)
                ? new Qm9Element[] {Qm9Element.C, Qm9Element.H, Qm9Element.F, Qm9Element.N, Qm9Element.O}
                : new Qm9Element[] {Qm9Element.F, Qm9Element.H, Qm9Element.N, Qm9Element.O};
        for (Qm9Element e : order) {
            Integer n = counts.get(e);
            if (n != null) {
                sb.append(e.symbol()).append(n > 1 ? n.toString() : "");
            }
        }
        return sb.toString();
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Molecule)) {
            return false;
        }
        Molecule m = (Molecule) o;
        return id.equals(m.id) && Arrays.equals(elements, m.elements) && Arrays.equals(positions, m.positions);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + Arrays.hashCode(elements)) + Arrays.hashCode(positions);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Molecule[" + id + ", " + formula() + "]";
    }
}
