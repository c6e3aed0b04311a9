// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import io.github.segnn.examples.qm9.data.Qm9Element;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads QM9 from the CSV tables of the PyPI package {@code qm9pack} (version 1.0.3, MIT licence):
 * either the wheel {@code qm9pack-1.0.3-py3-none-any.whl} in place or a folder holding its {@code
 * qm9_part1.csv}, {@code qm9_part2.csv}, {@code qm9_part3.csv}.
 *
 * <p>The tables hold one row per characterized molecule (130,831 rows: the 3,054 molecules of
 * {@code uncharacterized.txt} are absent) with the same numbers as the release XYZ files
 * (Mathematica {@code *^} exponents rewritten as {@code E}), but only the GDB-17 SMILES and InChI:
 * the molecules read here have no relaxed SMILES or InChI. The extra table {@code
 * qm9_polarizability.csv} (polarizability tensors) is not read. Rows are parsed in parallel;
 * errors name the table and the line. Instances are immutable.
 */
final class Qm9PackReader {

    private static final Pattern PART = Pattern.compile("(.*/)?qm9_part\\d+\\.csv");
    private static final int BATCH = 512;
    private static final String[] PROPERTY_COLUMNS = {
        "RotA_GHz", "RotB_GHz", "RotC_GHz", "Dipole_debye", "Polarizability_bohr3", "HOMO_au", "LUMO_au",
        "HOMO_LUMO_gap_au", "R2_bohr2", "ZPVE_au", "InternalEnergy_0K_au", "InternalEnergy_298K_au",
        "Enthalphy_298K_au", "GibbsFreeEnergy_298K_au", "Heatcapacity_Cv_cal_mol_K"
    };

    private final int threads;

    /**
     * Creates a reader.
     *
     * @param threads the number of parsing threads, at least 1
     * @throws IllegalArgumentException if threads is below 1
     */
    public Qm9PackReader(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * Tells whether a path looks like qm9pack data: a {@code .whl}/zip file, or a folder with a
     * {@code qm9_part*.csv} table.
     *
     * @param source a file or folder
     * @return true if {@link #read} should be used for it
     * @throws IOException if the folder cannot be listed or the file cannot be read
     */
    public static boolean accepts(Path source) throws IOException {
        if (Files.isDirectory(source)) {
            return !tables(source).isEmpty();
        }
        if (!Files.isRegularFile(source)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(source)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /**
     * Reads every row of the qm9pack tables.
     *
     * @param source the wheel (a zip file) or a folder with {@code qm9_part*.csv}
     * @return the molecules sorted by GDB-9 index
     * @throws IOException if the source cannot be read or holds no table
     * @throws Qm9FormatException if a row is malformed or two rows share an index
     */
    public List<Qm9Molecule> read(Path source) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "qm9pack-parse");
            t.setDaemon(true);
            return t;
        });
        Semaphore pending = new Semaphore(4 * threads + 4);
        List<Future<List<Qm9Molecule>>> batches = new ArrayList<>();
        try {
            if (Files.isDirectory(source)) {
                List<Path> tables = tables(source);
                if (tables.isEmpty()) {
                    throw new IOException(source + ": no qm9_part*.csv table in this folder");
                }
                for (Path table : tables) {
                    try (InputStream in = Files.newInputStream(table)) {
                        submitTable(table.toString(), in, pool, pending, batches);
                    }
                }
            } else {
                try (ZipFile zip = new ZipFile(source.toFile())) {
                    List<ZipEntry> entries = new ArrayList<>();
                    zip.stream().filter(e -> PART.matcher(e.getName()).matches()).forEach(entries::add);
                    entries.sort(Comparator.comparing(ZipEntry::getName));
                    if (entries.isEmpty()) {
                        throw new IOException(source + ": no qm9_part*.csv table in this archive");
                    }
                    for (ZipEntry e : entries) {
                        try (InputStream in = zip.getInputStream(e)) {
                            submitTable(source + "!/" + e.getName(), in, pool, pending, batches);
                        }
                    }
                }
            }
            List<Qm9Molecule> out = new ArrayList<>(140_000);
            for (Future<List<Qm9Molecule>> f : batches) {
                out.addAll(f.get());
            }
            out.sort(Comparator.comparingInt(Qm9Molecule::gdbIndex));
            for (int i = 1; i < out.size(); i++) {
                if (out.get(i).gdbIndex() == out.get(i - 1).gdbIndex()) {
                    throw new Qm9FormatException(
                            source.toString(), 0, "molecule index " + out.get(i).gdbIndex() + " occurs twice");
                }
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IOException(source + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + source, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Path> tables(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "qm9_part*.csv")) {
            ds.forEach(out::add);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static void submitTable(
            String name,
            InputStream in,
            ExecutorService pool,
            Semaphore pending,
            List<Future<List<Qm9Molecule>>> batches)
            throws IOException, InterruptedException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String header = reader.readLine();
        if (header == null) {
            throw new Qm9FormatException(name, 1, "empty table");
        }
        Columns columns = new Columns(name, splitCsv(header, name, 1));
        int lineNo = 1;
        List<String> batch = new ArrayList<>(BATCH);
        int batchStart = 2;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            batch.add(line);
            if (batch.size() == BATCH) {
                submitBatch(name, columns, batch, batchStart, pool, pending, batches);
                batch = new ArrayList<>(BATCH);
                batchStart = lineNo + 1;
            }
        }
        if (!batch.isEmpty()) {
            submitBatch(name, columns, batch, batchStart, pool, pending, batches);
        }
    }

    private static void submitBatch(
            String name,
            Columns columns,
            List<String> lines,
            int firstLine,
            ExecutorService pool,
            Semaphore pending,
            List<Future<List<Qm9Molecule>>> batches)
            throws InterruptedException {
        pending.acquire();
        batches.add(pool.submit(() -> {
            try {
                List<Qm9Molecule> out = new ArrayList<>(lines.size());
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        out.add(parseRow(name, firstLine + i, columns, lines.get(i)));
                    }
                }
                return out;
            } finally {
                pending.release();
            }
        }));
    }

    /**
     * Parses one data row of a qm9pack table.
     *
     * @param source the table name, for error messages
     * @param lineNo the one-based line number, for error messages
     * @param columns the column positions of the header
     * @param line the row
     * @return the molecule
     */
    private static Qm9Molecule parseRow(String source, int lineNo, Columns columns, String line) {
        String[] f = splitCsv(line, source, lineNo);
        if (f.length != columns.count) {
            throw new Qm9FormatException(
                    source, lineNo, "expected " + columns.count + " columns as in the header, found " + f.length);
        }
        int index = Qm9Numbers.parseInt(f[columns.index], source, lineNo, "Index");
        String file = f[columns.file];
        if (Qm9XyzParser.indexFromFileName(file).orElse(-1) != index) {
            throw new Qm9FormatException(
                    source, lineNo, "XYZ_file '" + file + "' does not match Index " + index);
        }
        int n = Qm9Numbers.parseInt(f[columns.atoms], source, lineNo, "N_atoms");
        String[] symbols = listItems(f[columns.elements]);
        if (symbols.length != n) {
            throw new Qm9FormatException(
                    source, lineNo, "Elements lists " + symbols.length + " atoms but N_atoms is " + n);
        }
        Qm9Element[] elements = new Qm9Element[n];
        for (int i = 0; i < n; i++) {
            String s = symbols[i];
            if (s.length() >= 2 && s.charAt(0) == '\'' && s.charAt(s.length() - 1) == '\'') {
                s = s.substring(1, s.length() - 1);
            }
            String symbol = s;
            elements[i] = Qm9Element.fromSymbol(symbol).orElseThrow(() -> new Qm9FormatException(
                    source, lineNo, "unknown element '" + symbol + "' (QM9 has H, C, N, O, F)"));
        }
        double[] positions = numbers(f[columns.positions], 3 * n, source, lineNo, "XYZ_Ang");
        double[] charges = numbers(f[columns.charges], n, source, lineNo, "Mulliken_pop");
        double[] freq = numbers(f[columns.frequencies], -1, source, lineNo, "Harmonic_Freq_cmi");
        double[] props = new double[PROPERTY_COLUMNS.length];
        for (int k = 0; k < props.length; k++) {
            props[k] = Qm9Numbers.parseDouble(f[columns.properties[k]], source, lineNo, PROPERTY_COLUMNS[k]);
        }
        return Qm9Molecule.builder()
                .setGdbIndex(index)
                .setElements(elements)
                .setPositions(positions)
                .setMullikenCharges(charges)
                .optFrequencies(freq)
                .setProperties(props)
                .setSmilesGdb(f[columns.smiles])
                .setInchiGdb(f[columns.inchi])
                .build();
    }

    /** Splits a bracketed list such as {@code [[1,2],[3,4]]} into its innermost items. */
    private static String[] listItems(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '[' && c != ']' && c != ' ') {
                sb.append(c);
            }
        }
        String flat = sb.toString();
        if (flat.isEmpty()) {
            return new String[0];
        }
        return flat.split(",", -1);
    }

    private static double[] numbers(String field, int expected, String source, int lineNo, String column) {
        String[] items = listItems(field);
        if (expected >= 0 && items.length != expected) {
            throw new Qm9FormatException(
                    source, lineNo, column + " has " + items.length + " numbers, expected " + expected);
        }
        double[] out = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = Qm9Numbers.parseDouble(items[i], source, lineNo, column + " item " + (i + 1));
        }
        return out;
    }

    /** Splits one CSV line (RFC 4180 quoting, {@code ""} inside quotes is a quote). */
    static String[] splitCsv(String line, String source, int lineNo) {
        List<String> out = new ArrayList<>(32);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            sb.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Qm9FormatException(source, lineNo, "unterminated quoted field " + (out.size() + 1));
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new Qm9FormatException(
                            source, lineNo, "text after the closing quote of field " + (out.size() + 1));
                }
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                sb.append(line, i, end);
                i = end;
            }
            out.add(sb.toString());
            if (i >= n) {
                return out.toArray(new String[0]);
            }
            i++; // skip the comma
            if (i == n) {
                out.add("");
                return out.toArray(new String[0]);
            }
        }
    }

    /** Column positions found in a table header. */
    private static final class Columns {
        final int count;
        final int file;
        final int index;
        final int smiles;
        final int inchi;
        final int atoms;
        final int elements;
        final int positions;
        final int charges;
        final int frequencies;
        final int[] properties = new int[PROPERTY_COLUMNS.length];

        Columns(String source, String[] header) {
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                at.put(header[i].strip(), i);
            }
            count = header.length;
            file = require(source, at, "XYZ_file");
            index = require(source, at, "Index");
            smiles = require(source, at, "SMILES");
            inchi = require(source, at, "InChi");
            atoms = require(source, at, "N_atoms");
            elements = require(source, at, "Elements");
            positions = require(source, at, "XYZ_Ang");
            charges = require(source, at, "Mulliken_pop");
            frequencies = require(source, at, "Harmonic_Freq_cmi");
            for (int k = 0; k < PROPERTY_COLUMNS.length; k++) {
                properties[k] = require(source, at, PROPERTY_COLUMNS[k]);
            }
        }

        private static int require(String source, Map<String, Integer> at, String column) {
            Integer i = at.get(column);
            if (i == null) {
                throw new Qm9FormatException(
                        source, 1, "header lacks the column '" + column + "'; expected the qm9pack 1.0.3 layout: "
                                + Arrays.asList("XYZ_file", "Index", "SMILES", "InChi", "N_atoms", "Elements",
                                        "XYZ_Ang", "Mulliken_pop", "Harmonic_Freq_cmi", "...", "Heatcapacity_Cv_cal_mol_K"));
            }
            return i;
        }
    }
}
