// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The set of molecules left out of training and evaluation: the 3,054 entries of the release file
 * {@code uncharacterized.txt}, whose relaxed B3LYP geometry no longer matches the GDB-17 graph.
 *
 * <p>The official file has a prose preamble, a table framed by lines of {@code =} with a header
 * line starting with {@code #}, one row per molecule ({@code index GDB17-SMILES B3LYP-SMILES
 * Corina-SMILES D_IJ}) and a closing line of {@code =}. SEGNN and PyG read it as "skip 9 lines and
 * the last 2"; this parser instead recognises the structure, so extra blank lines or CRLF line
 * ends do not shift it, and a plain list of one index per line is accepted too. Immutable.
 */
public final class Qm9Exclusions {

    /** Number of molecules in the QM9 release (GDB-9 subset of GDB-17). */
    public static final int GDB9_SIZE = 133_885;

    /** The exclusion list's name in the QM9 release: {@code uncharacterized.txt}. */
    public static final String DEFAULT_FILE_NAME = "uncharacterized.txt";

    /** Number of indices in the official {@code uncharacterized.txt}. */
    public static final int OFFICIAL_SIZE = 3_054;

    private final int[] sorted;

    private Qm9Exclusions(int[] sorted) {
        this.sorted = sorted;
    }

    /**
     * Returns an empty exclusion set.
     *
     * @return the set that excludes nothing
     */
    public static Qm9Exclusions none() {
        return new Qm9Exclusions(new int[0]);
    }

    /**
     * Creates an exclusion set from indices.
     *
     * @param indices one-based GDB-9 indices, in any order, without duplicates
     * @return the set
     * @throws IllegalArgumentException for a non-positive or repeated index
     */
    public static Qm9Exclusions of(int... indices) {
        int[] s = indices.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) {
            if (s[i] <= 0) {
                throw new IllegalArgumentException("excluded index must be positive, got " + s[i]);
            }
            if (i > 0 && s[i] == s[i - 1]) {
                throw new IllegalArgumentException("excluded index " + s[i] + " appears twice");
            }
        }
        return new Qm9Exclusions(s);
    }

    /**
     * Reads an exclusion file such as the official {@code uncharacterized.txt}.
     *
     * @param file the file
     * @return the set
     * @throws IOException if the file cannot be read
     * @throws Qm9FormatException if the content is malformed
     */
    public static Qm9Exclusions read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses the text of an exclusion file.
     *
     * <p>Blank lines and lines starting with {@code #} are skipped everywhere. Lines made only of
     * {@code =} or {@code -} are table rules. Text before the first rule is a preamble and is
     * skipped. Every other line must start with a molecule index (1 to {@link #GDB9_SIZE});
     * further fields on the line are ignored. Nothing but blank lines may follow the rule that
     * closes the table.
     *
     * @param source the file name, for error messages
     * @param text the content
     * @return the set
     * @throws Qm9FormatException naming the line of a non-numeric, out-of-range or repeated index,
     *     of content after the table, or the file when it lists no index at all
     */
    public static Qm9Exclusions parse(String source, String text) {
        String[] lines = text.split("\n", -1);
        boolean hasRule = false;
        for (String line : lines) {
            if (isRule(line.strip())) {
                hasRule = true;
                break;
            }
        }
        Map<Integer, Integer> lineOf = new HashMap<>();
        boolean inTable = !hasRule; // a plain list has no preamble
        boolean closed = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (isRule(line)) {
                if (inTable && !lineOf.isEmpty()) {
                    closed = true;
                }
                inTable = true;
                continue;
            }
            if (!inTable) {
                continue; // preamble prose
            }
            if (closed) {
                throw new Qm9FormatException(
                        source, lineNo, "unexpected content after the rule that closes the table");
            }
            String first = Qm9XyzParser.tokens(line)[0];
            int index = Qm9Numbers.parseInt(first, source, lineNo, "molecule index");
            if (index < 1 || index > GDB9_SIZE) {
                throw new Qm9FormatException(
                        source, lineNo, "molecule index " + index + " is outside 1.." + GDB9_SIZE);
            }
            Integer previous = lineOf.putIfAbsent(index, lineNo);
            if (previous != null) {
                throw new Qm9FormatException(
                        source, lineNo, "molecule index " + index + " already listed on line " + previous);
            }
        }
        if (lineOf.isEmpty()) {
            throw new Qm9FormatException(source, 0, "no molecule index found");
        }
        int[] s = lineOf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Qm9Exclusions(s);
    }

    /**
     * Returns the number of excluded molecules.
     *
     * @return the count, 3,054 for the official file
     */
    public int size() {
        return sorted.length;
    }

    /**
     * Returns the excluded indices in increasing order.
     *
     * @return a new array
     */
    public int[] indices() {
        return sorted.clone();
    }

    /**
     * Tells whether a molecule is excluded.
     *
     * @param gdbIndex the one-based index
     * @return true if the index is in the set
     */
    public boolean contains(int gdbIndex) {
        return Arrays.binarySearch(sorted, gdbIndex) >= 0;
    }

    /**
     * Returns the indices 1..total that are not excluded, in increasing order: the molecules that
     * the Cormorant split permutes.
     *
     * @param total the number of molecules in the data set, {@link #GDB9_SIZE} for the release
     * @return a new array of length total minus the excluded indices that are at most total
     */
    public int[] includedIndices(int total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be non-negative, got " + total);
        }
        int[] out = new int[total];
        int count = 0;
        int k = 0;
        for (int i = 1; i <= total; i++) {
            while (k < sorted.length && sorted[k] < i) {
                k++;
            }
            if (k < sorted.length && sorted[k] == i) {
                continue;
            }
            out[count++] = i;
        }
        return Arrays.copyOf(out, count);
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof Qm9Exclusions && Arrays.equals(sorted, ((Qm9Exclusions) o).sorted);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Qm9Exclusions[" + sorted.length + " molecules]";
    }

    private static boolean isRule(String line) {
        if (line.length() < 3) {
            return false;
        }
        char c = line.charAt(0);
        if (c != '=' && c != '-') {
            return false;
        }
        for (int i = 1; i < line.length(); i++) {
            if (line.charAt(i) != c) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds the exclusion list next to a data set: {@code uncharacterized.txt} inside the data
     * folder, else beside it.
     *
     * @param data the data folder or file
     * @return the list's path, or null if there is none in either place
     */
    public static Path defaultFile(Path data) {
        Path inside = data.resolve(DEFAULT_FILE_NAME);
        if (Files.isDirectory(data) && Files.isRegularFile(inside)) {
            return inside;
        }
        Path parent = data.toAbsolutePath().getParent();
        if (parent != null && Files.isRegularFile(parent.resolve(DEFAULT_FILE_NAME))) {
            return parent.resolve(DEFAULT_FILE_NAME);
        }
        return null;
    }
}
