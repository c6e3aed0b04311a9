// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.nbody.TestData;
import io.github.segnn.examples.random.NumpyRandom;
import org.junit.jupiter.api.Test;

class ChargedSystemTest {

    private static final String POSITIONS = "stream-positions.txt";

    private final ChargedSystem system = ChargedSystem.builder().build();

    @Test
    void firstTrainingTrajectoryHasTheSpecGoldenValues() {
        ChargedTrajectory t = system.sample(new NumpyRandom(43));
        assertArrayEquals(new double[] {-1, 1, -1, -1, -1}, t.charges());
        assertEquals(49, t.numFrames());
        assertParticle0(t.loc(), 0, 0.445278, 1.459773, -0.516239);
        assertParticle0(t.loc(), 30, 2.989116, 1.769370, -1.171294);
        assertParticle0(t.vel(), 30, 1.133811, 0.395681, -0.226607);
        assertParticle0(t.loc(), 40, 4.165500, 2.191309, -1.382619);
    }

    @Test
    void drawsExactlyTheReferenceRandomNumbers() {
        NumpyRandom one = new NumpyRandom(43);
        system.drawInitialState(one);
        assertEquals(TestData.hexValue(POSITIONS, "charged5_after1"), one.randomSample());

        NumpyRandom three = new NumpyRandom(43);
        for (int i = 0; i < 3; i++) {
            system.drawInitialState(three);
        }
        assertEquals(TestData.hexValue(POSITIONS, "charged5_after3"), three.randomSample());

        ChargedSystem seven = ChargedSystem.builder().optNumParticles(7).build();
        NumpyRandom two = new NumpyRandom(43);
        seven.drawInitialState(two);
        seven.drawInitialState(two);
        assertEquals(TestData.hexValue(POSITIONS, "charged7_after2"), two.randomSample());
    }

    @Test
    void initialVelocitiesHaveTheConfiguredNormAndChargesAreUnit() {
        ChargedInitialState s = system.drawInitialState(new NumpyRandom(5));
        for (int i = 0; i < 5; i++) {
            double v = Math.sqrt(sq(s.vel()[i]) + sq(s.vel()[5 + i]) + sq(s.vel()[10 + i]));
            assertEquals(0.5, v, 1e-15);
            assertEquals(1.0, Math.abs(s.charges()[i]));
        }
    }

    @Test
    void directDistancesGiveTheSameTrajectoryUpToRounding() {
        ChargedInitialState s = system.drawInitialState(new NumpyRandom(43));
        ChargedTrajectory numpy = system.integrate(s);
        ChargedTrajectory direct =
                ChargedSystem.builder().optDistanceMode(DistanceMode.DIRECT).build().integrate(s);
        double maxDiff = 0;
        boolean anyDifferent = false;
        for (int c = 0; c < numpy.loc().length; c++) {
            maxDiff = Math.max(maxDiff, Math.abs(numpy.loc()[c] - direct.loc()[c]));
            anyDifferent |= numpy.loc()[c] != direct.loc()[c];
        }
        assertTrue(anyDifferent, "the two distance formulas round differently");
        assertTrue(maxDiff < 1e-9, "first trajectory is not chaotic: " + maxDiff);
    }

    @Test
    void builderRejectsInconsistentSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChargedSystem.builder().optSteps(5050).build());
        assertEquals("steps (5050) must be a multiple of sampleFrequency (100)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChargedSystem.builder().optNumParticles(1).build());
        assertThrows(IllegalArgumentException.class, () -> ChargedSystem.builder().optTimeStep(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> system.integrate(ChargedSystem.builder().optNumParticles(3).build()
                        .drawInitialState(new NumpyRandom(1))));
    }

    private static void assertParticle0(double[] frames, int frame, double x, double y, double z) {
        int base = frame * 15;
        assertEquals(x, frames[base], 1e-6, "x at frame " + frame);
        assertEquals(y, frames[base + 5], 1e-6, "y at frame " + frame);
        assertEquals(z, frames[base + 10], 1e-6, "z at frame " + frame);
    }

    private static double sq(double v) {
        return v * v;
    }
}
