// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** {@code --parallel-parts auto}: one part per core on the CPU, no part under 50 samples, one on a GPU. */
class ParallelPartsTest {

    @Test
    void autoGivesOnePartPerCoreOfAtLeastFiftySamples() {
        assertEquals(2, ParallelParts.auto(Device.cpu(), 100, 2));
        assertEquals(2, ParallelParts.auto(Device.cpu(), 100, 16));
        assertEquals(4, ParallelParts.auto(Device.cpu(), 200, 4));
        assertEquals(1, ParallelParts.auto(Device.cpu(), 100, 1));
        assertEquals(1, ParallelParts.auto(Device.cpu(), 20, 2));
        assertEquals(1, ParallelParts.auto(Device.gpu(0), 100, 16));
    }

    @Test
    void partsShareTheThreads() {
        assertEquals(1, ParallelParts.threadsPerPart(2, 2));
        assertEquals(8, ParallelParts.threadsPerPart(2, 16));
        assertEquals(1, ParallelParts.threadsPerPart(4, 2));
    }
}
