// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumpyRandomTest {

    private static final NumpyFixture NUMPY = NumpyFixture.load("numpy-legacy.txt");

    @Test
    void randomSampleIsBitExact() {
        NumpyRandom r = new NumpyRandom(43);
        assertArrayEquals(NUMPY.doubles("random_sample_seed43"), r.randomSample(20));
    }

    @Test
    void gaussiansInterleaveWithUniformsAsNumpyDoes() {
        // randn(3,5) leaves one cached Gaussian; random_sample draws past it; randn(7) uses it.
        NumpyRandom r = new NumpyRandom(43);
        double[] got = new double[23];
        System.arraycopy(r.randn(3, 5), 0, got, 0, 15);
        got[15] = r.randomSample();
        System.arraycopy(r.randn(7), 0, got, 16, 7);
        assertArrayEquals(NUMPY.doubles("randn35_sample1_randn7_seed43"), got);
    }

    @Test
    void manyGaussiansAgreeToTheLastBitExceptForRareLogRounding() {
        double[] expected = NUMPY.doubles("normal2000_seed12345");
        NumpyRandom r = new NumpyRandom(12345);
        int exact = 0;
        for (double e : expected) {
            double g = r.standardNormal();
            assertEquals(e, g, 2 * Math.ulp(e), "Gaussian far from numpy's");
            if (e == g) {
                exact++;
            }
        }
        assertTrue(exact >= expected.length - 4, "exact matches: " + exact);
    }

    @Test
    void skippingGaussiansLeavesTheSameStream() {
        for (int skip = 0; skip < 6; skip++) {
            for (int before = 0; before < 3; before++) {
                NumpyRandom a = new NumpyRandom(99);
                NumpyRandom b = new NumpyRandom(99);
                a.randn(before);
                b.randn(before);
                a.randn(skip);
                b.skipStandardNormals(skip);
                assertEquals(a.standardNormal(), b.standardNormal(), "skip " + skip);
                assertEquals(a.randomSample(), b.randomSample(), "skip " + skip);
                assertEquals(a.standardNormal(), b.standardNormal(), "skip " + skip);
            }
        }
    }

    @Test
    void choiceWithProbabilitiesUsesOneUniformPerDraw() {
        NumpyRandom r = new NumpyRandom(43);
        double[] got = r.choice(new double[] {-1, 0, 1}, new double[] {0.5, 0, 0.5}, 5);
        assertArrayEquals(NUMPY.doubles("choice_charges_seed43"), got);
        NumpyRandom same = new NumpyRandom(43);
        same.randomSample(5);
        assertEquals(same.randomSample(), r.randomSample());

        int[] idx = new NumpyRandom(7).choiceIndices(new double[] {0.2, 0.3, 0.5}, 50);
        assertArrayEquals(NUMPY.longs("choice_p235_seed7"), widen(idx));
    }

    @Test
    void choiceRejectsBadProbabilities() {
        NumpyRandom r = new NumpyRandom(1);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> r.choiceIndices(new double[] {0.5, 0.6}, 1));
        assertTrue(e.getMessage().contains("do not sum to 1"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> r.choiceIndices(new double[] {1.5, -0.5}, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> r.choice(new double[] {1, 2}, new double[] {1.0}, 1));
    }

    @Test
    void permutationMatchesNumpySmallAndQm9Sized() throws NoSuchAlgorithmException {
        assertArrayEquals(
                NUMPY.longs("permutation10_seed0"), widen(new NumpyRandom(0).permutation(10)));

        int[] p = new NumpyRandom(0).permutation(130831);
        long[] first = NUMPY.longs("permutation130831_seed0_first");
        long[] last = NUMPY.longs("permutation130831_seed0_last");
        for (int i = 0; i < 10; i++) {
            assertEquals(first[i], p[i]);
            assertEquals(last[i], p[p.length - 10 + i]);
        }
        ByteBuffer bytes = ByteBuffer.allocate(8 * p.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : p) {
            bytes.putLong(v);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        assertEquals(NUMPY.strings("permutation130831_seed0_sha256_int64le")[0], sha);
    }

    @Test
    void boundedIntegersUseMaskedRejection() {
        NumpyRandom r1 = new NumpyRandom(1);
        long[] got = new long[20];
        for (int i = 0; i < got.length; i++) {
            got[i] = r1.randint(0, 10);
        }
        assertArrayEquals(NUMPY.longs("randint_0_10_seed1"), got);

        NumpyRandom r2 = new NumpyRandom(2);
        long[] wide = new long[5];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = r2.randint(0, 1L << 40);
        }
        assertArrayEquals(NUMPY.longs("randint_0_2p40_seed2"), wide);

        NumpyRandom r3 = new NumpyRandom(3);
        long[] signed = new long[12];
        for (int i = 0; i < signed.length; i++) {
            signed[i] = r3.randint(-5, 5);
        }
        assertArrayEquals(NUMPY.longs("randint_m5_5_seed3"), signed);
        assertEquals(0, r3.randomInterval(0));
        assertThrows(IllegalArgumentException.class, () -> r3.randint(3, 3));
    }

    @Test
    void shuffleOfListsAndDoublesMatchesNumpy() {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            list.add(i);
        }
        new NumpyRandom(5).shuffle(list);
        long[] got = new long[20];
        for (int i = 0; i < 20; i++) {
            got[i] = list.get(i);
        }
        assertArrayEquals(NUMPY.longs("shuffle_list20_seed5"), got);

        double[] d = new double[15];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        new NumpyRandom(6).shuffle(d);
        long[] asLong = new long[15];
        for (int i = 0; i < 15; i++) {
            asLong[i] = (long) d[i];
        }
        assertArrayEquals(NUMPY.longs("shuffle_double15_seed6"), asLong);
    }

    @Test
    void fromKeyEqualsArraySeedNotIntegerSeed() {
        NumpyRandom byKey = NumpyRandom.fromKey(1, 2, 3);
        assertArrayEquals(
                NUMPY.longs("state_by_array_1_2_3_key"),
                unsigned(byKey.bitGenerator().stateKey()));
        NumpyRandom a = NumpyRandom.fromKey(43);
        NumpyRandom b = new NumpyRandom(43);
        assertTrue(a.randomSample() != b.randomSample());
    }

    @Test
    void reseedForgetsTheCachedGaussian() {
        NumpyRandom r = new NumpyRandom(43);
        r.standardNormal();
        r.seed(43);
        assertEquals(NUMPY.doubles("randn35_sample1_randn7_seed43")[0], r.standardNormal());
    }

    private static long[] widen(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static long[] unsigned(int[] words) {
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i] & 0xffffffffL;
        }
        return out;
    }
}
