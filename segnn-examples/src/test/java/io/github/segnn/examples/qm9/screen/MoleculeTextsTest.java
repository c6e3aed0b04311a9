// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed records become rows with a reason, and parsing goes on with the next record. */
class MoleculeTextsTest {

    private static List<ScreenRecord> parse(String name, String text) {
        List<ScreenRecord> out = new ArrayList<>();
        MoleculeTexts.parse(name, text, out::add);
        return out;
    }

    @Test
    void xyzRecordsRecoverAfterBadOnes() {
        String text = "2\nfirst\nC 0 0 0\nO 0 0 1.2\n"
                + "three\nnot a count\n"
                + "1\n\nH 0 0 0\n"
                + "2\nshort\nC 0 0 0\n";
        List<ScreenRecord> r = parse("in.xyz", text);
        assertEquals(4, r.size(), r.toString());
        assertEquals("first", r.get(0).id());
        assertEquals("CO", r.get(0).molecule().formula());
        assertEquals("in#2", r.get(1).id());
        assertTrue(r.get(1).error().contains("in.xyz line 5: expected a positive atom count, found 'three'"),
                r.get(1).error());
        assertEquals("in#3", r.get(2).id(), "a blank comment line gives the source#k id");
        assertNotNull(r.get(2).molecule());
        assertEquals("short", r.get(3).id());
        assertTrue(r.get(3).error().contains("ends after 1 of the 2 atoms"), r.get(3).error());
    }

    @Test
    void mathematicaExponentsAndBadSymbols() {
        List<ScreenRecord> r = parse("m.xyz", "2\nm1\nC 1.5*^-6 0 0\nN 0 0 1.1\n2\nm2\nC 0 0 0\nXx 0 0 1\n");
        assertEquals(1.5e-6, r.get(0).molecule().positions()[0][0], 0.0);
        assertNull(r.get(1).molecule());
        assertTrue(r.get(1).error().contains("m2: atom 2 is 'Xx'"), r.get(1).error());
    }

    @Test
    void sdfRecordsAndTheirErrors() {
        String ok = "methane\n  prog\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n"
                + "    0.0000    0.0000    0.0000 C   0  0\n    0.0000    0.0000    1.0900 H   0  0\nM  END\n$$$$\n";
        String v3000 = "new\n\n\n  0  0  0     0  0            999 V3000\nM  END\n$$$$\n";
        String truncated = "cut\n\n\n  3  0  0  0  0  0  0  0  0  0999 V2000\n    0.0 0.0 0.0 C\n$$$$\n";
        List<ScreenRecord> r = parse("lib.sdf", ok + v3000 + truncated);
        assertEquals(3, r.size());
        assertEquals("CH", r.get(0).molecule().formula());
        assertEquals(1.09, r.get(0).molecule().positions()[1][2], 0.0);
        assertTrue(r.get(1).error().contains("V3000"), r.get(1).error());
        assertTrue(r.get(2).error().contains("lib.sdf line 18: 3 atoms announced but only 1 line(s) follow"), r.get(2).error());
    }

    @Test
    void streamingInChunksGivesTheRecordsOfTheWholeText() throws Exception {
        for (String name : new String[] {"big.xyz", "big.sdf"}) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 30_000; k++) {
                if (name.endsWith(".xyz")) {
                    sb.append(k % 9_999 == 5 ? "garbage\n\nmore garbage\n" : "");
                    sb.append(k % 7_777 == 3 ? "2\nr" + k + "\nC 0 0 0\nO 0 zero 1.2\n"
                            : "2\nr" + k + "\nC 0 0 " + k + "\nO 0 0 1.2\n");
                } else {
                    sb.append("r").append(k).append("\n\n\n  ").append(k % 8_888 == 1 ? "x" : "1")
                            .append("  0  0  0  0  0  0  0  0  0999 V2000\n    0.0 0.0 ").append(k)
                            .append(" C   0  0\nM  END\n$$$$\n");
                }
            }
            String text = sb.toString();
            List<ScreenRecord> whole = parse(name, text);
            List<ScreenRecord> streamed = new ArrayList<>();
            MoleculeSource.readRecords(name, new java.io.BufferedReader(new java.io.StringReader(text)), streamed::add);
            assertTrue(text.split("\n").length > 2 * MoleculeSource.CHUNK_LINES, "several chunks");
            assertEquals(whole.size(), streamed.size(), name);
            int errors = 0;
            for (int i = 0; i < whole.size(); i++) {
                assertEquals(whole.get(i).id(), streamed.get(i).id(), name + " record " + i);
                assertEquals(whole.get(i).error(), streamed.get(i).error(), name + " record " + i);
                assertEquals(whole.get(i).molecule(), streamed.get(i).molecule(), name + " record " + i);
                errors += whole.get(i).error() != null ? 1 : 0;
            }
            assertTrue(errors >= 4, name + ": " + errors + " error records");
        }
    }

    @Test
    void releaseFilesAreParsedByTheQm9Parser() {
        List<ScreenRecord> r = parse("dir/dsgdb9nsd_000001.xyz", "5\ngdb 1\nnot the rest of a release file\n");
        assertEquals("dsgdb9nsd_000001", r.get(0).id());
        assertTrue(r.get(0).error().contains("dsgdb9nsd_000001.xyz"), r.get(0).error());
    }
}
