// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.random.NumpyRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NbodyGeneratorTest {

    private final ChargedSystem system = ChargedSystem.builder().build();

    @Test
    void threadCountDoesNotChangeTheData() {
        ChargedSplit one = NbodyGenerator.charged(system, 1).generate(new NumpyRandom(43), 6);
        ChargedSplit two = NbodyGenerator.charged(system, 2).generate(new NumpyRandom(43), 6);
        assertArrayEquals(one.loc(), two.loc());
        assertArrayEquals(one.vel(), two.vel());
        assertArrayEquals(one.charges(), two.charges());
    }

    @Test
    void splitsContinueOneStreamInTrainValidTestOrder() {
        Map<Dataset.Usage, ChargedSplit> splits = NbodyGenerator.charged(system, 2).generate(43, 3, 2, 1);
        ChargedSplit all = NbodyGenerator.charged(system, 2).generate(new NumpyRandom(43), 6);
        assertEquals(3, splits.get(Dataset.Usage.TRAIN).size());
        assertArrayEquals(all.trajectory(3).loc(), splits.get(Dataset.Usage.VALIDATION).trajectory(0).loc());
        assertArrayEquals(all.trajectory(5).vel(), splits.get(Dataset.Usage.TEST).trajectory(0).vel());
        assertArrayEquals(system.sample(new NumpyRandom(43)).loc(), splits.get(Dataset.Usage.TRAIN).trajectory(0).loc());
    }

    @Test
    void frameExtractionAndEdgesUseTheReferenceLayout() {
        ChargedSplit s = NbodyGenerator.charged(system, 1).generate(new NumpyRandom(43), 2);
        double[] loc30 = s.locAt(30);
        assertEquals(2 * 15, loc30.length);
        assertEquals(s.loc()[(1 * 49 + 30) * 15 + 7], loc30[15 + 7]);
        double[] edges = s.edges();
        assertEquals(2 * 25, edges.length);
        assertEquals(s.charges()[5 + 1] * s.charges()[5 + 3], edges[25 + 1 * 5 + 3]);
        assertEquals(1.0, edges[25 + 2 * 5 + 2]);
    }
}
