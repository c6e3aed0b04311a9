// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.dataset.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    @Test
    void namesAndOrderAreTheReferences() {
        assertEquals(List.of("train", "valid", "test"), Partitions.ORDER.stream().map(Partitions::tag).toList());
        assertEquals(1, Partitions.index(Dataset.Usage.VALIDATION));
        assertEquals(Dataset.Usage.VALIDATION, Partitions.parse(" Valid ", "QM9"));
        assertEquals(Dataset.Usage.TEST, Partitions.parse("TEST", "QM9"));
    }

    @Test
    void unknownNamesAreRejectedWithTheValidOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Partitions.parse("validation", "QM9"));
        assertEquals("unknown QM9 partition 'validation'; valid names: train, valid, test", e.getMessage());
    }
}
