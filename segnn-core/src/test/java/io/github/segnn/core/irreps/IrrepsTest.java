// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrrepsTest {

    @Test
    void parsesAndPrintsE3nnStrings() {
        assertEquals("32x0e+32x1o", Irreps.parse("32x0e+32x1o").toString());
        assertEquals("1x1o", Irreps.parse("1x1y").toString());
        assertEquals("1x2e", Irreps.parse("2y").toString());
        assertEquals("1x0e+2x1o", Irreps.parse("0e + 2x1o").toString());
        Irreps r = Irreps.parse("36x0e+36x1o+36x2e");
        assertEquals(r, Irreps.parse(r.toString()));
        assertEquals(36 + 108 + 180, r.dim());
        assertEquals(108, r.numIrreps());
        assertEquals(2, r.lmax());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3x", "1q", "-1e", "x0e", "", "  ", "1x0e++1o", "1.5x0e"})
    void malformedStringsQuoteTheText(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse(bad));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }

    @Test
    void offsetsSlicesAndLs() {
        Irreps r = Irreps.parse("2x0e+1x1o+1x2e");
        assertEquals(new Slice(0, 2), r.slice(0));
        assertEquals(new Slice(2, 5), r.slice(1));
        assertEquals(new Slice(5, 10), r.slice(2));
        assertEquals(5, r.offset(2));
        assertArrayEquals(new int[] {0, 0, 1, 2}, r.ls());
        assertEquals(3, r.slices().size());
    }

    @Test
    void sortIsStableAndReturnsPermutation() {
        Irreps r = Irreps.parse("1x1e+2x0e+1x1o+3x0o+1x0e");
        Irreps.Sorted s = r.sort();
        assertEquals("3x0o+2x0e+1x0e+1x1o+1x1e", s.irreps().toString());
        assertArrayEquals(new int[] {3, 1, 4, 2, 0}, s.inv());
        for (int i = 0; i < r.size(); i++) {
            assertEquals(r.get(i), s.irreps().get(s.p()[i]));
        }
        assertEquals("3x0o+3x0e+1x1o+1x1e", s.irreps().simplify().toString());
    }

    @Test
    void simplifyMergesOnlyAdjacentAndDropsZero() {
        assertEquals("2x0e+1x1o+1x0e", Irreps.parse("1x0e+1x0e+0x2e+1x1o+1x0e").simplify().toString());
    }

    @Test
    void concatenationRepetitionAndSphericalHarmonics() {
        Irreps h = Irreps.parse("32x0e+32x1o");
        assertEquals("32x0e+32x1o+32x0e+32x1o", h.repeat(2).toString());
        assertEquals("32x0e+32x1o+32x0e+32x1o+2x0e", h.repeat(2).concat(Irreps.parse("2x0e")).simplify().toString());
        assertEquals("1x0e+1x1o+1x2e+1x3o", Irreps.sphericalHarmonics(3).toString());
        assertEquals(0, Irreps.empty().dim());
        assertThrows(IllegalStateException.class, () -> Irreps.empty().lmax());
    }

    @Test
    void irrepOrderAndSelectionRule() {
        assertTrue(Irrep.parse("0o").compareTo(Irrep.parse("0e")) < 0);
        assertTrue(Irrep.parse("0e").compareTo(Irrep.parse("1o")) < 0);
        assertTrue(Irrep.parse("1o").isIn(Irrep.parse("1o"), Irrep.parse("0e")));
        assertTrue(!Irrep.parse("1o").isIn(Irrep.parse("1o"), Irrep.parse("1o")));
        assertEquals("[0e, 1e, 2e]", Irrep.parse("1o").times(Irrep.parse("1o")).toString());
    }
}
