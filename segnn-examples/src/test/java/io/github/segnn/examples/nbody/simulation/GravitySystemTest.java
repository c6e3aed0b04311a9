// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.nbody.TestData;
import io.github.segnn.examples.random.NumpyRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GravitySystemTest {

    private static final int N = 100;
    private static final int FRAME = 3 * N;

    private GravityTrajectory first;

    @BeforeAll
    void simulateFirstTrainingTrajectory() {
        first = GravitySystem.builder().build().sample(new NumpyRandom(43));
    }

    @Test
    void firstTrainingTrajectoryHasTheAddendumGoldenValues() {
        assertEquals(50, first.numFrames());
        // ADDENDUM §2; summation order alone moves frame 30 by ~1e-7 and frame 40 by ~4e-5.
        assertBody0(first.loc(), 0, 1e-6, 0.257400, -0.908481, -0.378503);
        assertBody0(first.loc(), 30, 2e-6, -0.362072, 0.239572, -0.400403);
        assertBody0(first.vel(), 30, 5e-6, -0.258405, -3.565524, -1.885572);
        assertBody0(first.force(), 30, 1e-3, 63.2669, 36.7478, 110.5386);
        assertBody0(first.loc(), 40, 1e-4, -0.311992, 0.484816, 0.047806);
        assertArrayEquals(filled(N, 1.0), first.mass());
    }

    @Test
    void agreesWithTheNumpyReferenceRunToChaoticAccuracy() {
        // numpy-gravity100-seed43-traj0.npy: (loc, vel, force) x frames (0, 30, 40) x (3, N),
        // written by the reference GravitySim with numpy 2.4.6 + OpenBLAS.
        double[] ref = TestData.doubles("numpy-gravity100-seed43-traj0.npy");
        int[] frames = {0, 30, 40};
        double[][] ours = {first.loc(), first.vel(), first.force()};
        double[][] tolerance = {{0, 1e-6, 1e-3}, {0, 1e-4, 0.1}, {1e-12, 1e-2, 2.0}};
        for (int q = 0; q < 3; q++) {
            for (int f = 0; f < 3; f++) {
                double worst = 0;
                for (int c = 0; c < FRAME; c++) {
                    double expected = ref[(q * 3 + f) * FRAME + c];
                    worst = Math.max(worst, Math.abs(ours[q][frames[f] * FRAME + c] - expected));
                }
                assertTrue(worst <= tolerance[q][f],
                        "quantity " + q + " frame " + frames[f] + ": max |diff| " + worst);
            }
        }
    }

    @Test
    void drawsExactlyTheReferenceRandomNumbers() {
        NumpyRandom rng = new NumpyRandom(43);
        GravitySystem.builder().build().drawInitialState(rng);
        assertEquals(TestData.hexValue("stream-positions.txt", "gravity100_after1"), rng.randomSample());

        GravitySystem seven = GravitySystem.builder().optNumParticles(7).build();
        NumpyRandom three = new NumpyRandom(43);
        for (int i = 0; i < 3; i++) {
            seven.drawInitialState(three);
        }
        assertEquals(TestData.hexValue("stream-positions.txt", "gravity7_after3"), three.randomSample());
    }

    @Test
    void momentumStaysZeroBecauseForcesArePairwiseOpposite() {
        GravitySystem small = GravitySystem.builder().optNumParticles(8).build();
        GravityTrajectory t = small.sample(new NumpyRandom(3));
        int n = 8;
        for (int f = 0; f < t.numFrames(); f++) {
            for (int k = 0; k < 3; k++) {
                double p = 0;
                double force = 0;
                double scale = 0;
                for (int i = 0; i < n; i++) {
                    p += t.vel()[f * 3 * n + k * n + i];
                    force += t.force()[f * 3 * n + k * n + i];
                    scale += Math.abs(t.force()[f * 3 * n + k * n + i]);
                }
                assertEquals(0.0, p, 1e-12, "momentum at frame " + f);
                assertEquals(0.0, force, 1e-12 * Math.max(1, scale), "net force at frame " + f);
            }
        }
    }

    @Test
    void builderRejectsInconsistentSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GravitySystem.builder().optSampleFrequency(0).build());
        assertEquals("sampleFrequency must be > 0, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GravitySystem.builder().optSoftening(-1).build());
    }

    private static void assertBody0(double[] frames, int frame, double tol, double x, double y, double z) {
        int base = frame * FRAME;
        assertEquals(x, frames[base], tol, "x at frame " + frame);
        assertEquals(y, frames[base + N], tol, "y at frame " + frame);
        assertEquals(z, frames[base + 2 * N], tol, "z at frame " + frame);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
