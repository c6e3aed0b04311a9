// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qm9PackReaderTest {

    @TempDir
    Path tmp;

    /** Header and the rows of molecules 1, 5005 and 100001, copied from qm9pack 1.0.3. */
    private static List<String> excerpt() throws IOException {
        return Files.readAllLines(Qm9TestData.resource("/qm9/qm9pack-excerpt.csv"), StandardCharsets.UTF_8);
    }

    private Path folderWith(List<String> lines) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Files.write(dir.resolve("qm9_part1.csv"), lines, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void rowsCarryTheSameNumbersAsTheReleaseFiles() throws IOException {
        List<Qm9Molecule> rows = new Qm9PackReader(2).read(folderWith(excerpt()));
        assertEquals(3, rows.size());
        int k = 0;
        for (int id : new int[] {1, 5005, 100001}) {
            Qm9Molecule csv = rows.get(k++);
            Qm9Molecule xyz = Qm9XyzParser.parse(Qm9TestData.sample(id));
            assertEquals(id, csv.gdbIndex());
            assertArrayEquals(xyz.symbols(), csv.symbols());
            assertArrayEquals(xyz.positions(), csv.positions());
            assertArrayEquals(xyz.properties(), csv.properties(), 0.0);
            assertArrayEquals(xyz.mullikenCharges(), csv.mullikenCharges(), 0.0);
            assertArrayEquals(xyz.frequencies(), csv.frequencies(), 0.0);
            assertEquals(xyz.smilesGdb(), csv.smilesGdb());
            assertEquals(xyz.inchiGdb(), csv.inchiGdb());
            assertEquals(Optional.empty(), csv.smilesRelaxed());
            assertEquals(Optional.empty(), csv.inchiRelaxed());
        }
        // 7.9254*^-6 in the release file is written 7.9254E-6 in qm9pack
        assertEquals(7.9254e-6, rows.get(1).position(7, 2), 0.0);
    }

    @Test
    void readsTheWheelInPlaceThroughQm9Reader() throws IOException {
        List<String> lines = excerpt();
        Path wheel = tmp.resolve("qm9pack-1.0.3-py3-none-any.whl");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
            put(zip, "qm9pack/__init__.py", "from .qm9pack_getdata import get_data\n");
            put(zip, "qm9pack/data/qm9_part1.csv", String.join("\n", lines.subList(0, 3)) + "\n");
            put(zip, "qm9pack/data/qm9_part2.csv", lines.get(0) + "\n" + lines.get(3) + "\n");
            put(zip, "qm9pack/data/qm9_polarizability.csv", "XYZ_file,A_xx\n\"dsgdb9nsd_000001.xyz\",13.211\n");
        }
        assertTrue(Qm9PackReader.accepts(wheel));
        List<Qm9Molecule> all = Qm9Reader.builder().optThreads(2).build().read(wheel);
        assertArrayEquals(new int[] {1, 5005, 100001}, all.stream().mapToInt(Qm9Molecule::gdbIndex).toArray());
        List<Qm9Molecule> kept = Qm9Reader.builder().optExclusions(Qm9Exclusions.of(5005)).build().read(wheel);
        assertEquals(2, kept.size());
        assertFalse(Qm9PackReader.accepts(Qm9TestData.xyzFolder()));
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    @Test
    void malformedRowsNameTableAndLine() throws IOException {
        List<String> lines = excerpt();
        String table = tmp.resolve("data").resolve("qm9_part1.csv").toString();

        List<String> atoms = List.of(lines.get(0), lines.get(1).replace("\",5,\"[4,1,0,0,0]\"", "\",6,\"[4,1,0,0,0]\""));
        Qm9FormatException e = assertThrows(Qm9FormatException.class, () -> new Qm9PackReader(1).read(folderWith(atoms)));
        assertEquals(table + ":2: Elements lists 5 atoms but N_atoms is 6", e.getMessage());

        List<String> number = List.of(lines.get(0), lines.get(1), lines.get(2).replace("1.3889976919", "1.38x9976919"));
        e = assertThrows(Qm9FormatException.class, () -> new Qm9PackReader(2).read(folderWith(number)));
        assertEquals(table + ":3: XYZ_Ang item 2: '1.38x9976919' is not a number", e.getMessage());

        List<String> name = List.of(lines.get(0), lines.get(1).replace("dsgdb9nsd_000001", "dsgdb9nsd_000002"));
        e = assertThrows(Qm9FormatException.class, () -> new Qm9PackReader(1).read(folderWith(name)));
        assertTrue(e.getMessage().contains("does not match Index 1"), e.getMessage());

        List<String> header = List.of(lines.get(0).replace("Mulliken_pop", "Charges"), lines.get(1));
        e = assertThrows(Qm9FormatException.class, () -> new Qm9PackReader(1).read(folderWith(header)));
        assertTrue(e.getMessage().startsWith(table + ":1: header lacks the column 'Mulliken_pop'"), e.getMessage());

        List<String> cut = List.of(lines.get(0), lines.get(1).substring(0, 200));
        e = assertThrows(Qm9FormatException.class, () -> new Qm9PackReader(1).read(folderWith(cut)));
        assertEquals(2, e.getLineNumber());
    }

    @Test
    void csvSplitting() {
        assertArrayEquals(new String[] {"a", "b,c", "say \"hi\"", ""},
                Qm9PackReader.splitCsv("a,\"b,c\",\"say \"\"hi\"\"\",", "t.csv", 4));
        assertArrayEquals(new String[] {""}, Qm9PackReader.splitCsv("", "t.csv", 4));
        Qm9FormatException e = assertThrows(
                Qm9FormatException.class, () -> Qm9PackReader.splitCsv("a,\"open", "t.csv", 4));
        assertEquals("t.csv:4: unterminated quoted field 2", e.getMessage());
    }
}
