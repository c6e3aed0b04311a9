// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.segnn.core.Reference;
import io.github.segnn.core.irreps.Irrep;
import io.github.segnn.core.irreps.Irreps;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WignerDTest {

    @Test
    void matchesE3nnFromAnglesAndFromMatrix() {
        JsonObject ref = Reference.load("wigner_D.json");
        for (JsonElement e : ref.getAsJsonArray("rotations")) {
            JsonObject o = e.getAsJsonObject();
            double a = o.get("alpha").getAsDouble();
            double b = o.get("beta").getAsDouble();
            double g = o.get("gamma").getAsDouble();
            double[][] r = Reference.matrix(o.get("R"));
            assertTrue(Matrices.maxAbsDiff(r, Rotations.fromAngles(a, b, g)) < 1e-14);
            for (int l = 0; l <= 3; l++) {
                double[][] want = Reference.matrix(o.getAsJsonObject("D").get(String.valueOf(l)));
                double err = Matrices.maxAbsDiff(want, WignerD.fromAngles(l, a, b, g));
                assertTrue(err < 1e-12, "l=" + l + " error " + err);
            }
            double[][] block = Reference.matrix(o.get("D_from_matrix"));
            double err = Matrices.maxAbsDiff(block, WignerD.fromMatrix(Irreps.parse("0e+1o+2e+3o"), r));
            assertTrue(err < 1e-12, "D_from_matrix error " + err);
        }
    }

    @Test
    void l1IsTheMatrixAndRepresentationIsAHomomorphism() {
        Random rnd = new Random(11);
        for (int t = 0; t < 5; t++) {
            double[][] r1 = Rotations.randomOrthogonal(rnd, t % 2 == 0);
            double[][] r2 = Rotations.randomOrthogonal(rnd, t % 3 == 0);
            assertTrue(Matrices.maxAbsDiff(r1, WignerD.fromMatrix(Irrep.parse("1o"), r1)) < 1e-13);
            for (int l = 0; l <= 6; l++) {
                for (int p : new int[] {1, -1}) {
                    Irrep ir = Irrep.of(l, p);
                    double[][] lhs = WignerD.fromMatrix(ir, Matrices.multiply(r1, r2));
                    double[][] rhs = Matrices.multiply(WignerD.fromMatrix(ir, r1), WignerD.fromMatrix(ir, r2));
                    double err = Matrices.maxAbsDiff(lhs, rhs);
                    assertTrue(err < 1e-12, ir + " homomorphism error " + err);
                }
            }
        }
    }

    @Test
    void inversionActsThroughParity() {
        double[][] minus = Matrices.scale(Matrices.identity(3), -1);
        assertTrue(Matrices.maxAbsDiff(WignerD.fromMatrix(Irrep.parse("2o"), minus),
                Matrices.scale(Matrices.identity(5), -1)) < 1e-14);
        assertTrue(Matrices.maxAbsDiff(WignerD.fromMatrix(Irrep.parse("1e"), minus), Matrices.identity(3)) < 1e-14);
    }
}
