// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Qm9NumbersTest {

    @Test
    void acceptsTheFormsUsedInTheRelease() {
        assertEquals(0.0, Qm9Numbers.parseDouble("0.", "f", 1, "v"), 0.0);
        assertEquals(-0.0126981359, Qm9Numbers.parseDouble("-0.0126981359", "f", 1, "v"), 0.0);
        assertEquals(2.1997e-6, Qm9Numbers.parseDouble("2.1997*^-6", "f", 1, "v"), 0.0);
        assertEquals(-9.9614e-6, Qm9Numbers.parseDouble("-9.9614E-6", "f", 1, "v"), 0.0);
        assertEquals(0.5, Qm9Numbers.parseDouble(".5", "f", 1, "v"), 0.0);
        assertEquals(42, Qm9Numbers.parseInt("000042", "f", 1, "v"));
    }

    @Test
    void rejectsWhatDoubleParseDoubleWouldAccept() {
        for (String s : new String[] {"NaN", "Infinity", "0x1p3", "1d", "1f", "", "-", ".", "1e", "1*^", "1 2"}) {
            assertFalse(Qm9Numbers.isDecimal(s.replace("*^", "E")), s);
            Qm9FormatException e =
                    assertThrows(Qm9FormatException.class, () -> Qm9Numbers.parseDouble(s, "f.xyz", 7, "charge"));
            assertEquals("f.xyz:7: charge: '" + s + "' is not a number", e.getMessage());
        }
        assertTrue(Qm9Numbers.isDecimal("+1.0e+3"));
        assertThrows(Qm9FormatException.class, () -> Qm9Numbers.parseInt("-1", "f", 1, "v"));
        assertThrows(Qm9FormatException.class, () -> Qm9Numbers.parseInt("1234567890", "f", 1, "v"));
    }
}
