// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.io.Qm9XyzParser;
import io.github.segnn.examples.qm9.inference.Molecule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Parses the text of one molecule file into screening records, never throwing for bad content: a
 * malformed record becomes a {@link ScreenRecord#failed} row naming the source and line, and
 * parsing goes on with the next record.
 *
 * <ul>
 *   <li>{@code .sdf}, {@code .sd}, {@code .mol}: MDL molfiles (V2000 atom block) separated by
 *       {@code $$$$}; the id is the title line, or {@code source#k} when it is blank.
 *   <li>anything else: a QM9 release file ({@code dsgdb9nsd_NNNNNN.xyz}, id the file stem) when it
 *       parses as one, otherwise plain XYZ with one or more records (atom count line, comment line
 *       whose first word is the id, {@code symbol x y z} lines).
 * </ul>
 */
public final class MoleculeTexts {

    private MoleculeTexts() {}

    /**
     * Parses a file's text.
     *
     * @param source the file or archive entry name (its extension picks the format; it names
     *     records and errors)
     * @param text the content
     * @param sink receives the records in file order
     */
    public static void parse(String source, String text, Consumer<ScreenRecord> sink) {
        if (isSdf(source)) {
            parseSdf(source, lines(text), 0, 0, sink);
            return;
        }
        String stem = stem(source);
        if (stem.startsWith("dsgdb9nsd_")) {
            try {
                Qm9Molecule m = Qm9XyzParser.parse(source, text);
                sink.accept(ScreenRecord.of(Molecule.of(stem, List.of(m.symbols()), m.positions())));
            } catch (IllegalArgumentException e) {
                sink.accept(ScreenRecord.failed(stem, oneLine(e.getMessage())));
            }
            return;
        }
        parseXyz(source, lines(text), 0, 0, sink);
    }

    /**
     * Parses consecutive whole records of a multi-record file, for readers that stream a large
     * file in chunks cut at record boundaries.
     *
     * @param source the file name (its extension picks SDF or XYZ)
     * @param lines the lines of the chunk
     * @param lineOffset lines of the file before the chunk (for line numbers in messages)
     * @param recordOffset records of the file before the chunk (for {@code source#k} ids)
     * @param sink receives the records
     * @return the number of records in the chunk
     */
    static int parseChunk(String source, List<String> lines, int lineOffset, int recordOffset,
            Consumer<ScreenRecord> sink) {
        return isSdf(source) ? parseSdf(source, lines, lineOffset, recordOffset, sink)
                : parseXyz(source, lines, lineOffset, recordOffset, sink);
    }

    /**
     * Returns whether a name is that of an SDF or molfile.
     *
     * @param source a file or entry name
     * @return true for {@code .sdf}, {@code .sd} and {@code .mol}
     */
    static boolean isSdf(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.endsWith(".sdf") || lower.endsWith(".sd") || lower.endsWith(".mol");
    }

    /**
     * Returns the file name of a path or entry name without folders and extension.
     *
     * @param source a name such as {@code data/dsgdb9nsd_000001.xyz}
     * @return {@code dsgdb9nsd_000001}
     */
    public static String stem(String source) {
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        String base = source.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static int parseXyz(String source, List<String> lines, int lineOffset, int recordOffset,
            Consumer<ScreenRecord> sink) {
        int i = 0;
        int k = recordOffset;
        while (i < lines.size()) {
            if (lines.get(i).isBlank()) {
                i++;
                continue;
            }
            k++;
            String fallbackId = stem(source) + "#" + k;
            int countLine = i + 1 + lineOffset;
            int n;
            try {
                n = Integer.parseInt(lines.get(i).strip());
                if (n < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                sink.accept(ScreenRecord.failed(fallbackId, source + " line " + countLine
                        + ": expected a positive atom count, found '" + clip(lines.get(i)) + "'"));
                i++;
                while (i < lines.size() && !isCount(lines.get(i))) {
                    i++;
                }
                continue;
            }
            String comment = i + 1 < lines.size() ? lines.get(i + 1).strip() : "";
            String id = comment.isEmpty() ? fallbackId : comment.split("\\s+")[0];
            List<String> symbols = new ArrayList<>(n);
            double[][] pos = new double[n][3];
            String error = null;
            int a = 0;
            for (; a < n && error == null; a++) {
                int ln = i + 2 + a;
                if (ln >= lines.size()) {
                    error = source + " line " + (ln + 1 + lineOffset) + ": the file ends after " + a + " of the " + n
                            + " atoms announced on line " + countLine;
                    break;
                }
                String[] t = lines.get(ln).strip().split("\\s+");
                if (t.length < 4) {
                    error = source + " line " + (ln + 1 + lineOffset) + ": expected 'symbol x y z', found '"
                            + clip(lines.get(ln)) + "'";
                    break;
                }
                symbols.add(t[0]);
                for (int c = 0; c < 3; c++) {
                    Double v = number(t[1 + c]);
                    if (v == null) {
                        error = source + " line " + (ln + 1 + lineOffset) + ": coordinate " + "xyz".charAt(c) + " is '"
                                + t[1 + c] + "', not a number";
                        break;
                    }
                    pos[a][c] = v;
                }
            }
            i += 2 + n;
            sink.accept(error != null ? ScreenRecord.failed(id, error) : build(id, source, countLine, symbols, pos));
        }
        return k - recordOffset;
    }

    private static int parseSdf(String source, List<String> lines, int lineOffset, int recordOffset,
            Consumer<ScreenRecord> sink) {
        int start = 0;
        int k = recordOffset;
        while (start < lines.size()) {
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("$$$$")) {
                end++;
            }
            List<String> block = lines.subList(start, end);
            boolean blank = block.stream().allMatch(String::isBlank);
            if (!blank) {
                k++;
                String title = block.get(0).strip();
                String id = title.isEmpty() ? stem(source) + "#" + k : title.split("\\s+")[0];
                sink.accept(molfile(source, start + lineOffset, block, id));
            }
            start = end + 1;
        }
        return k - recordOffset;
    }

    private static ScreenRecord molfile(String source, int firstLine, List<String> block, String id) {
        if (block.size() < 4) {
            return ScreenRecord.failed(id, source + " line " + (firstLine + 1) + ": a molfile needs a header of 3 lines "
                    + "and a counts line");
        }
        String counts = block.get(3);
        int countsLine = firstLine + 4;
        if (counts.contains("V3000")) {
            return ScreenRecord.failed(id, source + " line " + countsLine + ": V3000 molfiles are not supported");
        }
        int n;
        try {
            n = Integer.parseInt(counts.substring(0, Math.min(3, counts.length())).strip());
        } catch (NumberFormatException e) {
            return ScreenRecord.failed(id, source + " line " + countsLine + ": expected the atom count in columns 1-3, "
                    + "found '" + clip(counts) + "'");
        }
        if (n < 1 || block.size() < 4 + n) {
            return ScreenRecord.failed(id, source + " line " + countsLine + ": " + n + " atoms announced but only "
                    + Math.max(0, block.size() - 4) + " line(s) follow before the end of the record");
        }
        List<String> symbols = new ArrayList<>(n);
        double[][] pos = new double[n][3];
        for (int a = 0; a < n; a++) {
            int ln = firstLine + 5 + a;
            String[] t = block.get(4 + a).strip().split("\\s+");
            if (t.length < 4) {
                return ScreenRecord.failed(id, source + " line " + ln + ": expected 'x y z symbol', found '"
                        + clip(block.get(4 + a)) + "'");
            }
            for (int c = 0; c < 3; c++) {
                Double v = number(t[c]);
                if (v == null) {
                    return ScreenRecord.failed(id, source + " line " + ln + ": coordinate " + "xyz".charAt(c) + " is '"
                            + t[c] + "', not a number");
                }
                pos[a][c] = v;
            }
            symbols.add(t[3]);
        }
        return build(id, source, countsLine, symbols, pos);
    }

    private static ScreenRecord build(String id, String source, int line, List<String> symbols, double[][] pos) {
        try {
            return ScreenRecord.of(Molecule.of(id, symbols, pos));
        } catch (IllegalArgumentException e) {
            return ScreenRecord.failed(id, source + " record at line " + line + ": " + oneLine(e.getMessage()));
        }
    }

    static boolean isCount(String line) {
        String s = line.strip();
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** Parses a coordinate; QM9 files write some as Mathematica's {@code 1.2*^-6}. */
    private static Double number(String token) {
        try {
            double v = Double.parseDouble(token.replace("*^", "E"));
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits into lines, dropping the blank lines at the end (a final newline is not a record). */
    static List<String> lines(String text) {
        List<String> all = List.of(text.split("\\r?\\n|\\r", -1));
        int end = all.size();
        while (end > 0 && all.get(end - 1).isBlank()) {
            end--;
        }
        return all.subList(0, end);
    }

    private static String clip(String s) {
        String t = s.strip();
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ').replace('\r', ' ');
    }
}
