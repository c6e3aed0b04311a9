// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.segnn.core.Reference;
import io.github.segnn.core.irreps.Irrep;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Wigner3jTest {

    @Test
    void matchesE3nnIncludingSigns() {
        JsonObject ref = Reference.load("wigner_3j.json");
        int checked = 0;
        for (JsonElement e : ref.getAsJsonArray("entries")) {
            JsonObject o = e.getAsJsonObject();
            int l1 = o.get("l1").getAsInt();
            int l2 = o.get("l2").getAsInt();
            int l3 = o.get("l3").getAsInt();
            double[] flat = Reference.vector(o.get("flat"));
            double[][][] c = Wigner3j.of(l1, l2, l3);
            int p = 0;
            for (double[][] a : c) {
                for (double[] b : a) {
                    for (double v : b) {
                        assertEquals(flat[p++], v, 1e-12, "3j(" + l1 + "," + l2 + "," + l3 + ")");
                    }
                }
            }
            checked++;
        }
        // every triangle-allowed triple with l <= 2 (the file's README says 19; there are 15)
        assertEquals(15, checked);
    }

    @Test
    void specialCases() {
        // C(1,1,1)_ijk = eps_ijk / sqrt(6); C(0,l,l) = delta / sqrt(2l+1)
        double[][][] c = Wigner3j.of(1, 1, 1);
        assertEquals(1 / Math.sqrt(6), c[0][1][2], 1e-15);
        assertEquals(-1 / Math.sqrt(6), c[0][2][1], 1e-15);
        double[][][] d = Wigner3j.of(0, 3, 3);
        for (int m = 0; m < 7; m++) {
            assertEquals(1 / Math.sqrt(7), d[0][m][m], 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> Wigner3j.of(1, 1, 3));
    }

    @Test
    void invariantUnderRandomRotationsForAllTriplesUpTo6() {
        Random rnd = new Random(7);
        double worst = 0;
        for (int l1 = 0; l1 <= 6; l1++) {
            for (int l2 = 0; l2 <= 6; l2++) {
                for (int l3 = Math.abs(l1 - l2); l3 <= Math.min(6, l1 + l2); l3++) {
                    double[][] r = Rotations.randomRotation(rnd);
                    double[][] d1 = WignerD.fromMatrix(Irrep.of(l1, 1), r);
                    double[][] d2 = WignerD.fromMatrix(Irrep.of(l2, 1), r);
                    double[][] d3 = WignerD.fromMatrix(Irrep.of(l3, 1), r);
                    double[][][] c = Wigner3j.of(l1, l2, l3);
                    double norm = 0;
                    for (int i = 0; i < c.length; i++) {
                        for (int j = 0; j < c[0].length; j++) {
                            for (int k = 0; k < c[0][0].length; k++) {
                                double s = 0;
                                for (int a = 0; a < c.length; a++) {
                                    for (int b = 0; b < c[0].length; b++) {
                                        double ab = d1[i][a] * d2[j][b];
                                        if (ab == 0) {
                                            continue;
                                        }
                                        for (int g = 0; g < c[0][0].length; g++) {
                                            s += ab * d3[k][g] * c[a][b][g];
                                        }
                                    }
                                }
                                worst = Math.max(worst, Math.abs(s - c[i][j][k]));
                                norm += c[i][j][k] * c[i][j][k];
                            }
                        }
                    }
                    assertEquals(1, norm, 1e-12);
                }
            }
        }
        assertTrue(worst < 1e-11, "worst invariance error " + worst);
    }

    @Test
    void cachedResultsAreIndependentCopies() {
        double[][][] a = Wigner3j.of(2, 2, 2);
        a[0][0][2] = 42;
        assertTrue(Wigner3j.of(2, 2, 2)[0][0][2] != 42);
    }
}
