// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.CliRun;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.Qm9TinyRun;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.experiment.Qm9Predictor;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.io.Qm9XyzParser;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qm9 screen} over folders, archives and multi-record files, with malformed records in them. */
class Qm9ScreenCommandTest {

    @TempDir
    static Path tmp;

    private static Path run;
    private static List<Qm9Molecule> molecules;
    private static Map<String, Double> expected;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        run = Qm9TinyRun.get();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Qm9TestData.xyzFolder(), "*.xyz")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        molecules = new ArrayList<>();
        for (Path f : files) {
            molecules.add(Qm9XyzParser.parse(f));
        }
        Qm9RunInfo info = Qm9RunInfo.read(run);
        try (Qm9Predictor p = new Qm9Predictor(info.config(), info.standardization(), run.resolve("best.params"), "cpu")) {
            double[] y = p.predict(molecules);
            expected = new HashMap<>();
            for (int i = 0; i < y.length; i++) {
                expected.put(String.format("dsgdb9nsd_%06d", molecules.get(i).gdbIndex()), y[i]);
            }
        }
    }

    private static List<String[]> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("id,formula,atoms,prediction,unit,error", lines.get(0));
        List<String[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", 6);
            if (f[5].startsWith("\"")) {
                f[5] = f[5].substring(1, f[5].length() - 1).replace("\"\"", "\"");
            }
            out.add(f);
        }
        return out;
    }

    private static String xyzRecord(String id, Qm9Molecule m) {
        StringBuilder sb = new StringBuilder().append(m.atomCount()).append('\n').append(id).append(" test\n");
        double[][] p = m.positions();
        for (int a = 0; a < m.atomCount(); a++) {
            sb.append(String.format(Locale.ROOT, "%s %.10f %.10f %.10f%n", m.element(a).symbol(), p[a][0], p[a][1],
                    p[a][2]));
        }
        return sb.toString();
    }

    @Test
    void folderOfReleaseFilesGivesTheValuesOfQm9Predict() throws Exception {
        Path out = tmp.resolve("folder.csv");
        String[] r = CliRun.run("qm9", "screen", "--model", run.toString(), "--input",
                Qm9TestData.xyzFolder().toString(), "--out", out.toString(), "--device", "cpu", "--batch-size", "7");
        assertEquals("0", r[0], r[2]);
        List<String[]> rows = rows(out);
        assertEquals(molecules.size(), rows.size());
        for (String[] row : rows) {
            assertEquals("", row[5], String.join(",", row));
            assertEquals(expected.get(row[0]), Double.parseDouble(row[3]), 1e-6, row[0]);
            assertEquals("eV", row[4]);
        }
        assertTrue(r[2].contains("molecules/s"), r[2]);
    }

    @Test
    void tenThousandMoleculesWithAMalformedRecord() throws Exception {
        Path input = tmp.resolve("many.xyz");
        StringBuilder sb = new StringBuilder();
        // the 10,000 molecules: a few seconds with the tiny run (BENCHMARKS.md has the timings)
        int n = 10_000;
        for (int k = 0; k < n; k++) {
            if (k == 4321) {
                sb.append("3\nbroken-4321\nO 0.0 0.0 0.0\nH 0.0 zero 0.9\nH 0.9 0.0 0.0\n");
                continue;
            }
            sb.append(xyzRecord(String.format("m%05d", k), molecules.get(k % molecules.size())));
        }
        Files.writeString(input, sb.toString(), StandardCharsets.UTF_8);
        Path out = tmp.resolve("many.csv");
        long t0 = System.nanoTime();
        // two workers and batches of 64: rows must still come out in input order
        String[] r = CliRun.run("qm9", "screen", "--model", run.toString(), "--input", input.toString(), "--out",
                out.toString(), "--device", "cpu", "--workers", "2", "--batch-size", "64");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("0", r[0], r[2]);
        List<String[]> rows = rows(out);
        assertEquals(n, rows.size());
        int errors = 0;
        for (int k = 0; k < n; k++) {
            String[] row = rows.get(k);
            if (k == 4321) {
                assertEquals("broken-4321", row[0]);
                assertTrue(row[5].contains("many.xyz line") && row[5].contains("'zero', not a number"), row[5]);
                assertEquals("", row[3]);
                errors++;
                continue;
            }
            Qm9Molecule m = molecules.get(k % molecules.size());
            assertEquals(String.format("m%05d", k), row[0]);
            assertEquals(Integer.toString(m.atomCount()), row[2]);
            String id = String.format("dsgdb9nsd_%06d", m.gdbIndex());
            // positions written with 10 decimals: float32 inputs, so the same to 1e-6
            assertEquals(expected.get(id), Double.parseDouble(row[3]), 1e-5, row[0]);
        }
        assertEquals(1, errors);
        assertTrue(r[2].contains("10000 molecules, 9999 predicted, 1 errors"), r[2]);
        System.out.printf(Locale.ROOT, "qm9 screen: %d molecules in %.1f s (%.0f molecules/s, test JVM)%n", n, seconds,
                n / seconds);
    }

    @Test
    void archiveAndSdfInputs() throws Exception {
        Path tar = tmp.resolve("sample.tar.bz2");
        try (OutputStream os = Files.newOutputStream(tar);
                TarArchiveOutputStream t = new TarArchiveOutputStream(new BZip2CompressorOutputStream(os))) {
            for (int gdb : new int[] {1, 2, 3}) {
                byte[] b = Files.readAllBytes(Qm9TestData.sample(gdb));
                TarArchiveEntry e = new TarArchiveEntry(String.format("dsgdb9nsd_%06d.xyz", gdb));
                e.setSize(b.length);
                t.putArchiveEntry(e);
                t.write(b);
                t.closeArchiveEntry();
            }
            byte[] bad = "5\ngdb 4\nnot a release file\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("dsgdb9nsd_000004.xyz");
            e.setSize(bad.length);
            t.putArchiveEntry(e);
            t.write(bad);
            t.closeArchiveEntry();
        }
        Path out = tmp.resolve("tar.csv");
        String[] r = CliRun.run("qm9", "screen", "--model", run.toString(), "--input", tar.toString(), "--out",
                out.toString(), "--device", "cpu", "--quiet");
        assertEquals("0", r[0], r[2]);
        List<String[]> rows = rows(out);
        assertEquals(4, rows.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(expected.get(rows.get(i)[0]), Double.parseDouble(rows.get(i)[3]), 1e-6);
        }
        assertTrue(rows.get(3)[5].contains("dsgdb9nsd_000004.xyz"), rows.get(3)[5]);

        Qm9Molecule water = molecules.get(2);
        double[][] p = water.positions();
        StringBuilder sdf = new StringBuilder();
        sdf.append("water\n  test\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n");
        for (int a = 0; a < 3; a++) {
            sdf.append(String.format(Locale.ROOT, "%10.4f%10.4f%10.4f %-3s 0  0%n", p[a][0], p[a][1], p[a][2],
                    water.element(a).symbol()));
        }
        sdf.append("  1  2  1  0\n  1  3  1  0\nM  END\n$$$$\n");
        sdf.append("sodium\n\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 Na  0  0\n"
                + "M  END\n$$$$\n");
        Path sdfFile = tmp.resolve("two.sdf");
        Files.writeString(sdfFile, sdf.toString(), StandardCharsets.UTF_8);
        Path sdfOut = tmp.resolve("sdf.csv");
        r = CliRun.run("qm9", "screen", "--model", run.toString(), "--input", sdfFile.toString(), "--out",
                sdfOut.toString(), "--device", "cpu", "--quiet");
        assertEquals("0", r[0], r[2]);
        rows = rows(sdfOut);
        assertEquals("water", rows.get(0)[0]);
        assertEquals("H2O", rows.get(0)[1]);
        assertEquals(expected.get("dsgdb9nsd_000003"), Double.parseDouble(rows.get(0)[3]), 1e-4);
        assertEquals("sodium", rows.get(1)[0]);
        assertTrue(rows.get(1)[5].contains("'Na'"), rows.get(1)[5]);
    }

    @Test
    void badOptionsFailInOneLineAndLeaveEarlierOutputAlone() throws Exception {
        Path out = tmp.resolve("keep.csv");
        Files.writeString(out, "earlier results\n", StandardCharsets.UTF_8);
        String[][] cases = {
            {"--model", tmp.resolve("norun").toString(), "--input", Qm9TestData.xyzFolder().toString()},
            {"--model", run.toString(), "--input", tmp.resolve("missing").toString()},
            {"--model", run.toString(), "--input", Qm9TestData.xyzFolder().toString(), "--batch-size", "0"},
            {"--model", run.toString(), "--input", Qm9TestData.xyzFolder().toString(), "--workers", "-1"},
            {"--model", run.toString(), "--input", Qm9TestData.xyzFolder().toString(), "--format", "xlsx"},
        };
        String[] expectedText = {"norun", "missing", "--batch-size", "--workers", "--format"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("qm9", "screen", "--out", out.toString(), "--device", "cpu"));
            args.addAll(List.of(cases[i]));
            String[] r = CliRun.run(args.toArray(new String[0]));
            assertEquals("1", r[0], r[2]);
            assertEquals(1, r[2].strip().split("\n").length, r[2]);
            assertTrue(r[2].contains(expectedText[i]), r[2]);
            assertFalse(r[2].contains("Exception"), r[2]);
            assertEquals("earlier results\n", Files.readString(out, StandardCharsets.UTF_8));
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, ".keep.csv*")) {
            assertFalse(ds.iterator().hasNext(), "no temporary file left behind");
        }
    }
}
