// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.qm9.Qm9TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Qm9ExclusionsTest {

    private static final int[] EXCERPT = {58, 61, 80, 185, 186, 245, 267, 280, 286, 752, 753, 754};

    private static String excerpt() throws IOException {
        return Files.readString(Qm9TestData.resource("/qm9/uncharacterized-excerpt.txt"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsTheOfficialLayout() throws IOException {
        // first 9 header lines, 12 rows and the closing rule of the official uncharacterized.txt
        Qm9Exclusions ex = Qm9Exclusions.read(Qm9TestData.resource("/qm9/uncharacterized-excerpt.txt"));
        assertArrayEquals(EXCERPT, ex.indices());
        assertTrue(ex.contains(58));
        assertFalse(ex.contains(59));
    }

    @Test
    void extraBlankLinesAndCrlfDoNotShiftTheTable() throws IOException {
        String shifted = "\n\n\n" + excerpt().replace("\n", "\r\n");
        assertArrayEquals(EXCERPT, Qm9Exclusions.parse("u.txt", shifted).indices());
    }

    @Test
    void fullListFixtureHasTheOfficialCounts() throws IOException {
        Qm9Exclusions ex = Qm9Exclusions.read(Qm9TestData.resource("/qm9/excluded-indices.txt"));
        assertEquals(Qm9Exclusions.OFFICIAL_SIZE, ex.size());
        assertArrayEquals(EXCERPT, Arrays.copyOf(ex.indices(), EXCERPT.length));
        assertEquals(133866, ex.indices()[ex.size() - 1]);
        int[] included = ex.includedIndices(Qm9Exclusions.GDB9_SIZE);
        assertEquals(130_831, included.length);
        assertEquals(57, included[56]);
        assertEquals(59, included[57]);
        assertEquals(133_885, included[included.length - 1]);
    }

    @Test
    void plainListsAndFactoriesAgree() {
        assertEquals(Qm9Exclusions.of(5, 3), Qm9Exclusions.parse("list", "3\n# comment\n5 extra fields\n"));
        assertArrayEquals(new int[] {1, 2, 4}, Qm9Exclusions.of(3).includedIndices(4));
        assertArrayEquals(new int[] {1, 2, 3}, Qm9Exclusions.none().includedIndices(3));
        assertThrows(IllegalArgumentException.class, () -> Qm9Exclusions.of(2, 2));
        assertThrows(IllegalArgumentException.class, () -> Qm9Exclusions.of(0));
    }

    @Test
    void errorsNameTheLine() throws IOException {
        String text = excerpt();
        Qm9FormatException e = assertThrows(
                Qm9FormatException.class, () -> Qm9Exclusions.parse("u.txt", text.replace("     185 ", "     1x5 ")));
        assertEquals("u.txt:13: molecule index: '1x5' is not an integer", e.getMessage());

        e = assertThrows(
                Qm9FormatException.class, () -> Qm9Exclusions.parse("u.txt", text.replace("     185 ", "      80 ")));
        assertEquals("u.txt:13: molecule index 80 already listed on line 12", e.getMessage());

        e = assertThrows(Qm9FormatException.class, () -> Qm9Exclusions.parse("u.txt", "133886\n"));
        assertEquals("u.txt:1: molecule index 133886 is outside 1..133885", e.getMessage());

        e = assertThrows(Qm9FormatException.class, () -> Qm9Exclusions.parse("u.txt", text + "  999 C C C 1.0\n"));
        assertEquals(23, e.getLineNumber());

        e = assertThrows(Qm9FormatException.class, () -> Qm9Exclusions.parse("u.txt", "\n# nothing\n"));
        assertEquals("u.txt: no molecule index found", e.getMessage());
    }
}
