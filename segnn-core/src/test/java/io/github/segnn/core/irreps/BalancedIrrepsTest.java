// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BalancedIrrepsTest {

    @Test
    void balancedMatchesTheOfficialExamples() {
        assertEquals("34x0e+10x1o", BalancedIrreps.of(1, 64, true).toString());
        assertEquals("46x0e+14x1o+8x2e", BalancedIrreps.of(2, 128, true).toString());
        assertEquals(128, BalancedIrreps.of(2, 128, true).dim());
        assertEquals("22x0e+7x1e+7x1o", BalancedIrreps.of(1, 64, false).toString());
    }

    @Test
    void zeroMultiplicityIsRefusedWithTheIrreps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BalancedIrreps.of(3, 20, true));
        assertTrue(e.getMessage().contains("0x3o"), e.getMessage());
    }

    @Test
    void weightBalancedGivesThePaperSizes() {
        assertEquals("32x0e+32x1o",
                WeightBalancedIrreps.of(Irreps.parse("64x0e"), Irreps.sphericalHarmonics(1), true, 1).toString());
        assertEquals("36x0e+36x1o+36x2e",
                WeightBalancedIrreps.of(Irreps.parse("128x0e"), Irreps.sphericalHarmonics(3), true, 2).toString());
        assertEquals("40x0e+40x1o",
                WeightBalancedIrreps.of(Irreps.parse("80x0e"), Irreps.sphericalHarmonics(1), true, 1).toString());
    }
}
