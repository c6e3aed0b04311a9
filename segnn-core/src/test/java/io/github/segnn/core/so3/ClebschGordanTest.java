// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClebschGordanTest {

    @Test
    void fastPathMatchesExactPathForAllTriplesUpTo6() {
        int checked = 0;
        for (int j1 = 0; j1 <= 6; j1++) {
            for (int j2 = 0; j2 <= 6; j2++) {
                for (int j3 = Math.abs(j1 - j2); j3 <= Math.min(6, j1 + j2); j3++) {
                    checked += compareAllOrders(j1, j2, j3, 1e-13);
                }
            }
        }
        assertEquals(7_651, checked);
    }

    @Test
    void fastPathHoldsAtItsLargestDegreeSum() {
        // J = 62: terms of the integer sum up to 2^62, the edge of a long; values here are ~1e-2
        assertEquals(ClebschGordan.MAX_FAST_J, 20 + 21 + 21);
        compareAllOrders(20, 21, 21, 1e-14);
        compareAllOrders(21, 20, 21, 1e-14);
    }

    @Test
    void largerDegreeSumsUseTheExactPath() {
        assertEquals(ExactClebschGordan.su2(21, 3, 21, -5, 21, -2), ClebschGordan.su2(21, 3, 21, -5, 21, -2));
    }

    /** Compares every {@code (m1, m2)} of a triple, returns the number of coefficients compared. */
    private static int compareAllOrders(int j1, int j2, int j3, double tolerance) {
        int n = 0;
        for (int m1 = -j1; m1 <= j1; m1++) {
            for (int m2 = -j2; m2 <= j2; m2++) {
                int m3 = m1 + m2;
                if (Math.abs(m3) <= j3) {
                    double exact = ExactClebschGordan.su2(j1, m1, j2, m2, j3, m3);
                    double fast = ClebschGordan.su2(j1, m1, j2, m2, j3, m3);
                    assertEquals(exact, fast, tolerance,
                            "<" + j1 + " " + m1 + "; " + j2 + " " + m2 + " | " + j3 + " " + m3 + ">");
                    assertEquals(exact == 0, fast == 0, "exact zeros stay zero");
                    n++;
                }
            }
        }
        return n;
    }
}
