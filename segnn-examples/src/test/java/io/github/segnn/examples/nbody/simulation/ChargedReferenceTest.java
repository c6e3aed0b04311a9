// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.nbody.TestData;
import io.github.segnn.examples.random.NumpyRandom;
import org.junit.jupiter.api.Test;

/**
 * Compares the first 50 trajectories of each split with the reference frames of {@code
 * data/nbody-seed43} and checks that the ones that drift beyond 1e-6 are chaotic ones, whose
 * frames move just as far when only the rounding of the distance formula changes.
 */
class ChargedReferenceTest {

    private static final String DIR = "reference-seed43-first50/";
    private static final int COMPARED = 50;

    @Test
    void first50OfEachSplitMatchTheReferenceFrames() {
        ChargedSystem numpy = ChargedSystem.builder().build();
        ChargedSystem direct = ChargedSystem.builder().optDistanceMode(DistanceMode.DIRECT).build();
        NumpyRandom rng = new NumpyRandom(43);
        int[] totals = {10000, 2000, 2000};
        String[] names = {"train", "valid", "test"};
        int within = 0;
        int veryClose = 0;
        int drifting = 0;
        int driftingAlsoUnderRounding = 0;
        for (int s = 0; s < 3; s++) {
            double[] loc30 = TestData.doubles(DIR + "loc30_" + names[s] + ".npy");
            double[] vel30 = TestData.doubles(DIR + "vel30_" + names[s] + ".npy");
            double[] loc40 = TestData.doubles(DIR + "loc40_" + names[s] + ".npy");
            double[] charges = TestData.doubles(DIR + "charges_" + names[s] + ".npy");
            for (int t = 0; t < totals[s]; t++) {
                ChargedInitialState init = numpy.drawInitialState(rng);
                if (t >= COMPARED) {
                    continue;
                }
                for (int i = 0; i < 5; i++) {
                    assertEquals(charges[t * 5 + i], init.charges()[i], names[s] + " " + t + " charge");
                }
                ChargedTrajectory ours = numpy.integrate(init);
                double toReference = maxDiff(ours, loc30, vel30, loc40, t);
                if (toReference <= 1e-6) {
                    within++;
                    veryClose += toReference <= 1e-12 ? 1 : 0;
                } else {
                    drifting++;
                    ChargedTrajectory other = direct.integrate(init);
                    double toRounding = maxDiffBetween(ours, other);
                    driftingAlsoUnderRounding += toRounding > 1e-6 ? 1 : 0;
                }
            }
        }
        int total = 3 * COMPARED;
        assertTrue(within >= 0.85 * total, "within 1e-6: " + within + " of " + total);
        assertTrue(veryClose >= 0.6 * total, "within 1e-12: " + veryClose + " of " + total);
        assertTrue(driftingAlsoUnderRounding >= 0.9 * drifting,
                drifting + " drift from the reference, but only " + driftingAlsoUnderRounding
                        + " also drift when just the distance rounding changes");
    }

    private static double maxDiff(ChargedTrajectory ours, double[] loc30, double[] vel30, double[] loc40, int t) {
        double m = 0;
        for (int c = 0; c < 15; c++) {
            m = Math.max(m, Math.abs(ours.loc()[30 * 15 + c] - loc30[t * 15 + c]));
            m = Math.max(m, Math.abs(ours.vel()[30 * 15 + c] - vel30[t * 15 + c]));
            m = Math.max(m, Math.abs(ours.loc()[40 * 15 + c] - loc40[t * 15 + c]));
        }
        return m;
    }

    private static double maxDiffBetween(ChargedTrajectory a, ChargedTrajectory b) {
        double m = 0;
        for (int f : new int[] {30, 40}) {
            for (int c = 0; c < 15; c++) {
                m = Math.max(m, Math.abs(a.loc()[f * 15 + c] - b.loc()[f * 15 + c]));
                m = Math.max(m, Math.abs(a.vel()[f * 15 + c] - b.vel()[f * 15 + c]));
            }
        }
        return m;
    }
}
