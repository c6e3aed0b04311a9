// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.data.Qm9Element;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Property;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Qm9XyzParserTest {

    private static final String CH4 = "dsgdb9nsd_000001.xyz";

    @Test
    void parsesMethaneValuesAsWrittenInTheFile() {
        Qm9Molecule m = Qm9XyzParser.parse(CH4, Qm9TestData.sampleText(1));
        assertEquals(1, m.gdbIndex());
        assertEquals(5, m.atomCount());
        assertArrayEquals(new String[] {"C", "H", "H", "H", "H"}, m.symbols());
        assertArrayEquals(new int[] {6, 1, 1, 1, 1}, m.atomicNumbers());
        // line 3: C -0.0126981359 1.0858041578 0.0080009958 -0.535689
        assertEquals(-0.0126981359, m.position(0, 0), 0.0);
        assertEquals(1.0858041578, m.position(0, 1), 0.0);
        assertEquals(0.0080009958, m.position(0, 2), 0.0);
        assertEquals(-0.535689, m.mullikenCharge(0), 0.0);
        // line 7: H -0.5238136345 1.4379326443 0.9063972942 0.133923
        assertArrayEquals(new double[] {-0.5238136345, 1.4379326443, 0.9063972942}, m.positions()[4], 0.0);
        // line 2: gdb 1 157.7118 157.70997 157.70699 0. 13.21 -0.3877 0.1171 0.5048 35.3641 0.044749
        //         -40.47893 -40.476062 -40.475117 -40.498597 6.469
        assertArrayEquals(
                new double[] {157.7118, 157.70997, 157.70699, 0.0, 13.21, -0.3877, 0.1171, 0.5048, 35.3641,
                    0.044749, -40.47893, -40.476062, -40.475117, -40.498597, 6.469},
                m.properties(),
                0.0);
        assertEquals(-40.47893, m.property(Qm9Property.U0), 0.0);
        assertEquals(6.469, m.property(Qm9Property.CV), 0.0);
        assertEquals(9, m.frequencies().length);
        assertEquals(1341.307, m.frequencies()[0], 0.0);
        assertEquals(3151.7078, m.frequencies()[8], 0.0);
        assertEquals("C", m.smilesGdb());
        assertEquals(Optional.of("C"), m.smilesRelaxed());
        assertEquals("InChI=1S/CH4/h1H4", m.inchiGdb());
        assertEquals(Optional.of("InChI=1S/CH4/h1H4"), m.inchiRelaxed());
    }

    @Test
    void parsesALargeMoleculeWithStereoRelaxedSmiles() throws IOException {
        Qm9Molecule m = Qm9XyzParser.parse(Qm9TestData.sample(100001));
        assertEquals(100001, m.gdbIndex());
        assertEquals(25, m.atomCount());
        assertEquals(Qm9Element.O, m.element(8));
        assertEquals(-3.3784957269, m.position(8, 1), 0.0);
        assertEquals(1457.8733, m.property(Qm9Property.R2), 0.0);
        assertEquals(-0.2415, m.property(Qm9Property.HOMO), 0.0);
        assertEquals(-389.547681, m.property(Qm9Property.G), 0.0);
        assertEquals(3 * 25 - 6, m.frequencies().length);
        assertEquals("CCC(C)(C)C(C)C=O", m.smilesGdb());
        assertEquals(Optional.of("CCC(C)(C)[C@@H](C)C=O"), m.smilesRelaxed());
        assertTrue(m.inchiRelaxed().orElseThrow().endsWith("/t7-/m0/s1"));
    }

    @Test
    void readsMathematicaExponents() {
        // dsgdb9nsd_005005.xyz line 10: O 2.3311980497 -0.0609497085 7.9254*^-6 -0.407467
        Qm9Molecule m = Qm9XyzParser.parse("dsgdb9nsd_005005.xyz", Qm9TestData.sampleText(5005));
        assertEquals(Qm9Element.O, m.element(7));
        assertEquals(7.9254e-6, m.position(7, 2), 0.0);

        String text = Qm9TestData.sampleText(1)
                .replace("0.0019761204", "2.1997*^-6")
                .replace("\t6.469\t", "\t1.5*^2\t")
                .replace("0.133921", "-3.25*^+1");
        Qm9Molecule edited = Qm9XyzParser.parse(CH4, text);
        assertEquals(2.1997e-6, edited.position(1, 2), 0.0);
        assertEquals(150.0, edited.property(Qm9Property.CV), 0.0);
        assertEquals(-32.5, edited.mullikenCharge(1), 0.0);
    }

    @Test
    void parsesAll20SampleFilesConsistently() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Qm9TestData.xyzFolder())) {
            files = s.sorted().collect(Collectors.toList());
        }
        assertEquals(20, files.size());
        for (Path f : files) {
            Qm9Molecule m = Qm9XyzParser.parse(f);
            List<String> lines = Files.readAllLines(f);
            assertEquals(Integer.parseInt(lines.get(0).strip()), m.atomCount(), f.toString());
            assertEquals(lines.size(), m.atomCount() + 5, f.toString());
            assertEquals(Qm9XyzParser.indexFromFileName(f.toString()).orElseThrow(), m.gdbIndex());
            int n = m.atomCount();
            int freq = m.frequencies().length;
            assertTrue(freq == 3 * n - 6 || freq == 3 * n - 5, f + ": " + freq + " frequencies");
        }
    }

    @Test
    void crlfLineEndsGiveTheSameMolecule() {
        String text = Qm9TestData.sampleText(7);
        assertEquals(
                Qm9XyzParser.parse("dsgdb9nsd_000007.xyz", text),
                Qm9XyzParser.parse("dsgdb9nsd_000007.xyz", text.replace("\n", "\r\n")));
    }

    @Test
    void atomCountTooLargeIsReportedAtTheFirstNonAtomLine() {
        String text = Qm9TestData.sampleText(1).replaceFirst("^5", "6");
        Qm9FormatException e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text));
        assertEquals(8, e.getLineNumber());
        assertEquals(CH4, e.getSource());
        assertTrue(e.getMessage().startsWith(CH4 + ":8: expected atom 6 of 6"), e.getMessage());
        assertTrue(e.getMessage().contains("atom count on line 1 (6)"), e.getMessage());
    }

    @Test
    void atomCountTooSmallIsReportedWhereFrequenciesWereExpected() {
        String text = Qm9TestData.sampleText(1).replaceFirst("^5", "4");
        Qm9FormatException e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text));
        assertEquals(7, e.getLineNumber());
        assertTrue(e.getMessage().contains("found an atom line"), e.getMessage());
    }

    @Test
    void badNumberNamesFileLineAndField() {
        String text = Qm9TestData.sampleText(1).replace("0.002150416", "0.0021x0416");
        Qm9FormatException e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text));
        assertEquals(CH4 + ":4: coordinate x: '0.0021x0416' is not a number", e.getMessage());

        String nan = Qm9TestData.sampleText(1).replace("-0.535689", "NaN");
        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, nan));
        assertEquals(CH4 + ":3: Mulliken charge: 'NaN' is not a number", e.getMessage());

        String prop = Qm9TestData.sampleText(1).replace("-40.47893", "-40.47893d");
        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, prop));
        assertEquals(2, e.getLineNumber());
        assertTrue(e.getMessage().contains("property U0"), e.getMessage());

        String freq = Qm9TestData.sampleText(1).replace("1562.6731", "1562.67.31");
        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, freq));
        assertEquals(CH4 + ":8: frequency 4: '1562.67.31' is not a number", e.getMessage());
    }

    @Test
    void unknownElementIsNamed() {
        String text = Qm9TestData.sampleText(1).replaceFirst("\nC\t", "\nCl\t");
        Qm9FormatException e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text));
        assertEquals(3, e.getLineNumber());
        assertTrue(e.getMessage().contains("unknown element 'Cl'"), e.getMessage());
    }

    @Test
    void truncatedFileNamesTheFirstMissingLine() {
        String full = Qm9TestData.sampleText(1);
        String cut = full.substring(0, full.indexOf("C\tC\t"));
        Qm9FormatException e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, cut));
        assertEquals(9, e.getLineNumber());
        assertTrue(e.getMessage().contains("truncated file: 5 atoms (line 1) need 10 lines, found 8"), e.getMessage());

        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, "5\n"));
        assertEquals(2, e.getLineNumber());
        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, ""));
        assertEquals(CH4 + ":1: empty file", e.getMessage());
    }

    @Test
    void malformedHeaderLines() {
        String text = Qm9TestData.sampleText(1);
        Qm9FormatException e = assertThrows(
                Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text.replaceFirst("^5", "five")));
        assertEquals(CH4 + ":1: atom count: 'five' is not an integer", e.getMessage());

        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text.replace("\t6.469\t", "\t")));
        assertEquals(2, e.getLineNumber());
        assertTrue(e.getMessage().contains("found 16"), e.getMessage());

        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text.replace("gdb 1", "xyz 1")));
        assertTrue(e.getMessage().contains("tag 'gdb'"), e.getMessage());

        e = assertThrows(
                Qm9FormatException.class, () -> Qm9XyzParser.parse("dir/dsgdb9nsd_000002.xyz", text));
        assertEquals("dir/dsgdb9nsd_000002.xyz:2: molecule index 1 does not match the file name", e.getMessage());
    }

    @Test
    void malformedTrailerLines() {
        String text = Qm9TestData.sampleText(1);
        Qm9FormatException e = assertThrows(
                Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text.replace("C\tC\t", "C\t")));
        assertEquals(CH4 + ":9: expected 2 SMILES (GDB-17, relaxed), found 1 fields", e.getMessage());

        e = assertThrows(
                Qm9FormatException.class,
                () -> Qm9XyzParser.parse(CH4, text.replace("\tInChI=1S", "\tXnChI=1S")));
        assertEquals(10, e.getLineNumber());

        e = assertThrows(Qm9FormatException.class, () -> Qm9XyzParser.parse(CH4, text + "extra\n"));
        assertEquals(11, e.getLineNumber());
        // trailing blank lines are harmless
        assertEquals(Qm9XyzParser.parse(CH4, text), Qm9XyzParser.parse(CH4, text + "\n\n"));
    }

    @Test
    void indexFromFileName() {
        assertEquals(Optional.of(42), Qm9XyzParser.indexFromFileName("a/b/dsgdb9nsd_000042.xyz"));
        assertEquals(Optional.of(133885), Qm9XyzParser.indexFromFileName("dsgdb9nsd_133885.xyz"));
        assertEquals(Optional.empty(), Qm9XyzParser.indexFromFileName("molecule.xyz"));
        assertEquals(Optional.empty(), Qm9XyzParser.indexFromFileName("dsgdb9nsd_00a042.xyz"));
    }
}
