// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.segnn.core.Reference;
import io.github.segnn.core.irreps.Irrep;
import io.github.segnn.core.so3.SphericalHarmonics.Normalization;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SphericalHarmonicsTest {

    @Test
    void matchesE3nnForAllNormalizations() {
        JsonObject ref = Reference.load("spherical_harmonics.json");
        double[][] vectors = Reference.matrix(ref.get("vectors"));
        double[][] axes = Reference.matrix(ref.get("axes_vectors"));
        JsonObject results = ref.getAsJsonObject("results");
        int checked = 0;
        for (boolean normalize : new boolean[] {true, false}) {
            for (Normalization n : Normalization.values()) {
                String key = "normalize=" + (normalize ? "True" : "False") + ",normalization="
                        + n.name().toLowerCase(Locale.ROOT);
                JsonObject r = results.getAsJsonObject(key);
                double[][] concat = Reference.matrix(r.get("concat"));
                for (int v = 0; v < vectors.length; v++) {
                    double[] y = SphericalHarmonics.compute(3, vectors[v], normalize, n);
                    for (int k = 0; k < 16; k++) {
                        assertEquals(concat[v][k], y[k], 1e-12, key + " vector " + v + " index " + k);
                        checked++;
                    }
                    for (int l = 0; l <= 3; l++) {
                        double[] perL = Reference.matrix(r.getAsJsonObject("per_l").get(String.valueOf(l)))[v];
                        double[] mine = SphericalHarmonics.computeDegree(l, vectors[v], normalize, n);
                        for (int k = 0; k < perL.length; k++) {
                            assertEquals(perL[k], mine[k], 1e-12);
                        }
                    }
                }
                double[][] axesRef = Reference.matrix(r.get("axes_concat"));
                for (int a = 0; a < 3; a++) {
                    double[] y = SphericalHarmonics.compute(3, axes[a], normalize, n);
                    for (int k = 0; k < 16; k++) {
                        assertEquals(axesRef[a][k], y[k], 1e-12);
                    }
                }
            }
        }
        assertEquals(2 * 3 * 20 * 16, checked);
    }

    @Test
    void specVectorAndPlainCartesianL1() {
        double[] v = {1 / Math.sqrt(14), 2 / Math.sqrt(14), 3 / Math.sqrt(14)};
        double[] y = SphericalHarmonics.compute(2, v, true, Normalization.COMPONENT);
        double[] want = {1, 0.462910, 0.925820, 1.388730, 0.829925, 0.553283, -0.159719, 1.659850, 1.106567};
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], y[k], 1e-6);
        }
    }

    @Test
    void zeroVectorGivesZeroForPositiveDegrees() {
        double[] y = SphericalHarmonics.compute(4, new double[3], true, Normalization.INTEGRAL);
        assertEquals(1 / Math.sqrt(4 * Math.PI), y[0], 1e-15);
        for (int k = 1; k < y.length; k++) {
            assertEquals(0, y[k]);
        }
    }

    @Test
    void equivariantUpToL8IncludingParity() {
        Random rnd = new Random(3);
        double worst = 0;
        for (int trial = 0; trial < 10; trial++) {
            double[][] r = Rotations.randomOrthogonal(rnd, trial % 2 == 1);
            double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[] rx = Matrices.apply(r, x);
            for (int l = 0; l <= 8; l++) {
                double[] y = SphericalHarmonics.computeDegree(l, x, true, Normalization.COMPONENT);
                double[] yr = SphericalHarmonics.computeDegree(l, rx, true, Normalization.COMPONENT);
                double[] dy = Matrices.apply(WignerD.fromMatrix(Irrep.sphericalHarmonic(l), r), y);
                for (int k = 0; k < y.length; k++) {
                    worst = Math.max(worst, Math.abs(dy[k] - yr[k]));
                }
            }
        }
        assertTrue(worst < 1e-11, "worst equivariance error " + worst);
    }

    @Test
    void orthonormalUnderQuadratureUpToL8() {
        // Gauss-Legendre in cos(theta) about the y axis x uniform azimuth: exact for degree <= 2*8
        int lmax = 8;
        int nt = 20;
        int np = 40;
        double[][] gl = gaussLegendre(nt);
        int dim = (lmax + 1) * (lmax + 1);
        double[][] gram = new double[dim][dim];
        for (int a = 0; a < nt; a++) {
            double c = gl[0][a];
            double s = Math.sqrt(1 - c * c);
            for (int b = 0; b < np; b++) {
                double phi = 2 * Math.PI * b / np;
                double[] x = {s * Math.sin(phi), c, s * Math.cos(phi)};
                double[] y = SphericalHarmonics.compute(lmax, x, true, Normalization.INTEGRAL);
                double w = gl[1][a] * 2 * Math.PI / np;
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < dim; j++) {
                        gram[i][j] += w * y[i] * y[j];
                    }
                }
            }
        }
        assertTrue(Matrices.maxAbsDiff(gram, Matrices.identity(dim)) < 1e-12,
                "Gram matrix deviates by " + Matrices.maxAbsDiff(gram, Matrices.identity(dim)));
    }

    /** Nodes and weights of n-point Gauss-Legendre quadrature on [-1, 1]. */
    private static double[][] gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return new double[][] {x, w};
    }
}
