// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.io.Qm9Exclusions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Qm9DataTest {

    private static List<Integer> gdb(List<Qm9Molecule> list) {
        List<Integer> out = new ArrayList<>();
        for (Qm9Molecule m : list) {
            out.add(m.gdbIndex());
        }
        return out;
    }

    @Test
    void subsetsFollowThePermutationOfTheSplit() throws Exception {
        Path data = Qm9TestData.xyzFolder();
        Path excl = Qm9TestData.resource("/qm9/excluded-indices.txt");
        List<String> log = new ArrayList<>();
        Map<Dataset.Usage, List<Qm9Molecule>> all = Qm9Data.load(data, excl, Qm9SplitScheme.CORMORANT,
                Integer.MAX_VALUE, Integer.MAX_VALUE, 1, log::add);
        assertEquals(14, all.get(Dataset.Usage.TRAIN).size());
        assertEquals(List.of(3, 5005, 100001, 100003), gdb(all.get(Dataset.Usage.VALIDATION)));
        assertEquals(List.of(5001), gdb(all.get(Dataset.Usage.TEST)));
        Qm9Split split = Qm9Split.cormorant(Qm9Exclusions.read(excl).includedIndices(Qm9Exclusions.GDB9_SIZE));
        List<Integer> trainOrder = new ArrayList<>();
        List<Integer> present = gdb(all.get(Dataset.Usage.TRAIN));
        for (int i : split.indices(Dataset.Usage.TRAIN)) {
            if (present.contains(i)) {
                trainOrder.add(i);
            }
        }
        assertEquals(trainOrder, present, "training molecules in permutation order");
        Map<Dataset.Usage, List<Qm9Molecule>> some = Qm9Data.load(data, excl, Qm9SplitScheme.CORMORANT, 5, 2, 1,
                log::add);
        assertEquals(trainOrder.subList(0, 5), gdb(some.get(Dataset.Usage.TRAIN)));
        List<Integer> valid = gdb(some.get(Dataset.Usage.VALIDATION));
        assertEquals(2, valid.size());
        assertTrue(gdb(all.get(Dataset.Usage.VALIDATION)).containsAll(valid));
        assertTrue(valid.get(0) < valid.get(1));
        assertEquals(List.of(5001), gdb(some.get(Dataset.Usage.TEST)));
        assertTrue(log.get(log.size() - 1).contains("train 5/100000 valid 2/17748 test 1/13083"), log.toString());
        assertThrows(IllegalArgumentException.class,
                () -> Qm9Data.load(data, excl, Qm9SplitScheme.CORMORANT, 0, 1, 1, log::add));
        assertEquals(Qm9SplitScheme.TRAIN_110K, Qm9Data.scheme("110K"));
        assertThrows(IllegalArgumentException.class, () -> Qm9Data.scheme("random"));
    }
}
