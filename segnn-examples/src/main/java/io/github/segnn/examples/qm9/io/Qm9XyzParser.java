// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import io.github.segnn.examples.qm9.data.Qm9Element;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Property;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses one file of the QM9 release ({@code dsgdb9nsd_NNNNNN.xyz}), an extended XYZ format:
 *
 * <ol>
 *   <li>the atom count n;
 *   <li>{@code gdb <index> A B C mu alpha homo lumo gap r2 zpve U0 U H G Cv};
 *   <li>n atom lines {@code <symbol> <x> <y> <z> <Mulliken charge>}, positions in Å;
 *   <li>the harmonic frequencies in cm⁻¹;
 *   <li>the GDB-17 SMILES and the SMILES of the relaxed geometry;
 *   <li>the GDB-17 InChI and the InChI of the relaxed geometry.
 * </ol>
 *
 * <p>Fields are separated by tabs and spaces; numbers may use Mathematica's exponent notation
 * {@code 7.9254*^-6}. Every problem is reported as a {@link Qm9FormatException} naming the file
 * and the line. When the file name has the release form {@code dsgdb9nsd_NNNNNN.xyz}, the number
 * must agree with the index on line 2. This class is stateless and thread-safe.
 */
public final class Qm9XyzParser {

    private static final int PROPERTY_COUNT = Qm9Property.values().length;
    private static final String NAME_PREFIX = "dsgdb9nsd_";
    private static final String NAME_SUFFIX = ".xyz";

    private Qm9XyzParser() {}

    /**
     * Reads and parses one file.
     *
     * @param file the {@code .xyz} file
     * @return the molecule
     * @throws IOException if the file cannot be read
     * @throws Qm9FormatException if the content is malformed
     */
    public static Qm9Molecule parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses the text of one file.
     *
     * @param source the file or archive entry name, used in error messages and checked against
     *     the index on line 2 when it has the form {@code .../dsgdb9nsd_NNNNNN.xyz}
     * @param text the whole file content
     * @return the molecule
     * @throws Qm9FormatException if the content is malformed
     */
    public static Qm9Molecule parse(String source, String text) {
        List<String> lines = splitLines(text);
        if (lines.isEmpty()) {
            throw new Qm9FormatException(source, 1, "empty file");
        }
        String[] first = tokens(lines.get(0));
        if (first.length != 1) {
            throw new Qm9FormatException(
                    source, 1, "expected the atom count alone, found " + first.length + " fields");
        }
        int n = Qm9Numbers.parseInt(first[0], source, 1, "atom count");
        if (n == 0) {
            throw new Qm9FormatException(source, 1, "atom count is 0");
        }
        int expectedLines = n + 5;

        Qm9Molecule.Builder b = Qm9Molecule.builder();
        int index = parsePropertyLine(source, line(source, lines, 2, n), b);
        checkFileName(source, index);
        parseAtoms(source, lines, n, b);

        int freqLine = n + 3;
        String[] freq = tokens(line(source, lines, freqLine, n));
        if (freq.length > 0 && Qm9Element.fromSymbol(freq[0]).isPresent()) {
            throw new Qm9FormatException(
                    source,
                    freqLine,
                    "expected harmonic frequencies, found an atom line; line 1 says " + n
                            + " atoms but the file has more atom lines");
        }
        double[] frequencies = new double[freq.length];
        for (int i = 0; i < freq.length; i++) {
            frequencies[i] = Qm9Numbers.parseDouble(freq[i], source, freqLine, "frequency " + (i + 1));
        }
        b.optFrequencies(frequencies);

        String[] smiles = tokens(line(source, lines, n + 4, n));
        if (smiles.length != 2) {
            throw new Qm9FormatException(
                    source, n + 4, "expected 2 SMILES (GDB-17, relaxed), found " + smiles.length + " fields");
        }
        b.setSmilesGdb(smiles[0]).optSmilesRelaxed(smiles[1]);

        String[] inchi = tokens(line(source, lines, n + 5, n));
        if (inchi.length != 2 || !inchi[0].startsWith("InChI=") || !inchi[1].startsWith("InChI=")) {
            throw new Qm9FormatException(
                    source, n + 5, "expected 2 InChI strings (GDB-17, relaxed) starting with 'InChI='");
        }
        b.setInchiGdb(inchi[0]).optInchiRelaxed(inchi[1]);

        for (int i = expectedLines; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                throw new Qm9FormatException(
                        source,
                        i + 1,
                        "unexpected content after the InChI line; line 1 says " + n + " atoms");
            }
        }
        return b.build();
    }

    /**
     * Extracts the index from a release file name such as {@code dsgdb9nsd_000042.xyz}.
     *
     * @param name a file or entry name, possibly with directories in front
     * @return the index, or empty if the name does not have the release form
     */
    public static Optional<Integer> indexFromFileName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String base = name.substring(slash + 1);
        if (!base.startsWith(NAME_PREFIX) || !base.endsWith(NAME_SUFFIX)) {
            return Optional.empty();
        }
        String digits = base.substring(NAME_PREFIX.length(), base.length() - NAME_SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(digits));
    }

    private static int parsePropertyLine(String source, String line, Qm9Molecule.Builder b) {
        String[] t = tokens(line);
        if (t.length == 0 || !t[0].equals("gdb")) {
            throw new Qm9FormatException(source, 2, "expected the tag 'gdb' at the start of line 2");
        }
        if (t.length != 2 + PROPERTY_COUNT) {
            throw new Qm9FormatException(
                    source,
                    2,
                    "expected 'gdb', the index and " + PROPERTY_COUNT + " properties ("
                            + (2 + PROPERTY_COUNT) + " fields), found " + t.length);
        }
        int index = Qm9Numbers.parseInt(t[1], source, 2, "molecule index");
        if (index == 0) {
            throw new Qm9FormatException(source, 2, "molecule index is 0");
        }
        double[] props = new double[PROPERTY_COUNT];
        for (Qm9Property p : Qm9Property.values()) {
            props[p.column()] = Qm9Numbers.parseDouble(t[2 + p.column()], source, 2, "property " + p.label());
        }
        b.setGdbIndex(index).setProperties(props);
        return index;
    }

    private static void checkFileName(String source, int index) {
        Optional<Integer> fromName = indexFromFileName(source);
        if (fromName.isPresent() && fromName.get() != index) {
            throw new Qm9FormatException(
                    source, 2, "molecule index " + index + " does not match the file name");
        }
    }

    private static void parseAtoms(String source, List<String> lines, int n, Qm9Molecule.Builder b) {
        Qm9Element[] elements = new Qm9Element[n];
        double[] positions = new double[3 * n];
        double[] charges = new double[n];
        for (int a = 0; a < n; a++) {
            int lineNo = a + 3;
            String[] t = tokens(line(source, lines, lineNo, n));
            if (t.length != 5) {
                throw new Qm9FormatException(
                        source,
                        lineNo,
                        "expected atom " + (a + 1) + " of " + n + " as 'symbol x y z charge', found "
                                + t.length + " fields" + (a > 0 ? "; does the atom count on line 1 (" + n
                                + ") match the number of atom lines?" : ""));
            }
            Optional<Qm9Element> e = Qm9Element.fromSymbol(t[0]);
            if (e.isEmpty()) {
                throw new Qm9FormatException(
                        source, lineNo, "unknown element '" + t[0] + "' (QM9 has H, C, N, O, F)");
            }
            elements[a] = e.get();
            for (int k = 0; k < 3; k++) {
                positions[3 * a + k] =
                        Qm9Numbers.parseDouble(t[1 + k], source, lineNo, "coordinate " + "xyz".charAt(k));
            }
            charges[a] = Qm9Numbers.parseDouble(t[4], source, lineNo, "Mulliken charge");
        }
        b.setElements(elements).setPositions(positions).setMullikenCharges(charges);
    }

    /** Returns a line by its one-based number, or reports the file as truncated. */
    private static String line(String source, List<String> lines, int lineNo, int atoms) {
        if (lineNo > lines.size()) {
            throw new Qm9FormatException(
                    source,
                    lineNo,
                    "truncated file: " + atoms + " atoms (line 1) need " + (atoms + 5)
                            + " lines, found " + lines.size());
        }
        return lines.get(lineNo - 1);
    }

    /** Splits on LF, drops a CR before it, and drops trailing blank lines. */
    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>(40);
        int start = 0;
        int len = text.length();
        while (start < len) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, stop));
            start = end + 1;
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        return lines.subList(0, last);
    }

    /** Splits one line on runs of spaces and tabs. */
    static String[] tokens(String line) {
        List<String> out = new ArrayList<>(8);
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
