// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.io.Qm9Exclusions;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import io.github.segnn.examples.random.NumpyRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Qm9SplitTest {

    private static Map<String, String> reference;
    private static int[] included;

    @BeforeAll
    static void load() throws IOException {
        reference = new HashMap<>();
        for (String line : Files.readAllLines(Qm9TestData.resource("/qm9/split-reference.txt"), StandardCharsets.US_ASCII)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            reference.put(line.substring(0, space), line.substring(space + 1));
        }
        included = Qm9Exclusions.read(Qm9TestData.resource("/qm9/excluded-indices.txt"))
                .includedIndices(Qm9Exclusions.GDB9_SIZE);
    }

    private static int[] ints(String key) {
        String v = reference.get(key);
        if (v == null) {
            throw new IllegalStateException("no reference value " + key);
        }
        return Arrays.stream(v.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static String sha256(int[] values) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int v : values) {
                md.update((v + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : md.digest()) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void permutationOfTheIncludedMoleculesMatchesNumpy() {
        assertEquals(130_831, included.length);
        int[] perm = new NumpyRandom(Qm9Split.REFERENCE_SEED).permutation(included.length);
        assertArrayEquals(ints("perm.first20"), Arrays.copyOf(perm, 20));
        assertArrayEquals(ints("perm.last20"), Arrays.copyOfRange(perm, perm.length - 20, perm.length));
        assertEquals(reference.get("perm.sha256"), sha256(perm));
        for (int n : new int[] {1, 2, 5, 10, 20}) {
            assertArrayEquals(ints("small.perm." + n), new NumpyRandom(0).permutation(n), "n=" + n);
        }
    }

    @Test
    void cormorantSplitReproducesSegnn() {
        Qm9Split split = Qm9Split.cormorant(included);
        assertEquals(130_831, split.totalSize());
        assertEquals(100_000, split.size(Dataset.Usage.TRAIN));
        assertEquals(17_748, split.size(Dataset.Usage.VALIDATION));
        assertEquals(13_083, split.size(Dataset.Usage.TEST));
        checkAgainstReference("cormorant", split);
    }

    @Test
    void train110kSplitMatchesItsReference() {
        Qm9Split split = Qm9Split.create(Qm9SplitScheme.TRAIN_110K, included, 0);
        assertEquals(10_831, split.size(Dataset.Usage.TEST));
        checkAgainstReference("train110k", split);
    }

    private static void checkAgainstReference(String scheme, Qm9Split split) {
        Set<Integer> seen = new HashSet<>();
        for (Dataset.Usage p : Partitions.ORDER) {
            String key = scheme + "." + Partitions.tag(p);
            int[] ids = split.indices(p);
            assertEquals(Integer.parseInt(reference.get(key + ".size")), ids.length, key);
            assertArrayEquals(ints(key + ".ids.first20"), Arrays.copyOf(ids, 20), key);
            assertArrayEquals(ints(key + ".ids.last20"), Arrays.copyOfRange(ids, ids.length - 20, ids.length), key);
            assertEquals(reference.get(key + ".ids.sha256"), sha256(ids), key);
            assertEquals(reference.get(key + ".sorted.sha256"), sha256(split.sortedIndices(p)), key);
            for (int id : ids) {
                assertTrue(seen.add(id), "index " + id + " in two partitions");
            }
        }
        assertEquals(split.totalSize(), seen.size());
    }

    @Test
    void sampleMoleculesFallWhereNumpyPutsThem() throws IOException {
        Qm9Split split = Qm9Split.cormorant(included);
        // computed with numpy from the reference recipe
        assertEquals(Optional.of(Dataset.Usage.TRAIN), split.partitionOf(1));
        assertEquals(Optional.of(Dataset.Usage.VALIDATION), split.partitionOf(3));
        assertEquals(Optional.of(Dataset.Usage.TEST), split.partitionOf(5001));
        assertEquals(Optional.of(Dataset.Usage.VALIDATION), split.partitionOf(5005));
        assertEquals(Optional.empty(), split.partitionOf(5003)); // uncharacterized
        assertEquals(Optional.empty(), split.partitionOf(133_886));

        List<Qm9Molecule> samples = Qm9Reader.builder().build().read(Qm9TestData.xyzFolder());
        int[] valid = split.select(samples, Dataset.Usage.VALIDATION).stream().mapToInt(Qm9Molecule::gdbIndex).toArray();
        assertArrayEquals(new int[] {3, 5005, 100001, 100003}, valid);
        int[] test = split.select(samples, Dataset.Usage.TEST).stream().mapToInt(Qm9Molecule::gdbIndex).toArray();
        assertArrayEquals(new int[] {5001}, test);
        assertEquals(14, split.select(samples, Dataset.Usage.TRAIN).size());
    }

    @Test
    void invalidInputsAreRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Qm9Split.cormorant(new int[] {1, 3, 3}));
        assertTrue(e.getMessage().contains("position 2 holds 3 after 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Qm9Split.cormorant(new int[] {1, 2, 3}));
        assertEquals("the cormorant split has fixed partition sizes and needs at least 111111 molecules"
                + " (train/valid/test = 100000/0/11111), but only 3 are included", e.getMessage());
    }
}
