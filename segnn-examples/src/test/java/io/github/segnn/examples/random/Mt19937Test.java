// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Mt19937Test {

    private static final NumpyFixture NUMPY = NumpyFixture.load("numpy-legacy.txt");

    @Test
    void integerSeedIsInitGenrandLikeNumpySeed() {
        Mt19937 mt = new Mt19937(43);
        assertArrayEquals(NUMPY.longs("state43_key"), unsigned(mt.stateKey()));
        assertEquals(Mt19937.STATE_LENGTH, mt.statePosition());
    }

    @Test
    void arraySeedIsInitByArray() {
        Mt19937 mt = new Mt19937(0);
        mt.seedByArray(1, 2, 3);
        assertArrayEquals(NUMPY.longs("state_by_array_1_2_3_key"), unsigned(mt.stateKey()));
        mt.seedByArray(4294967295L, 0, 123456789, 43);
        assertArrayEquals(NUMPY.longs("state_by_array_big_key"), unsigned(mt.stateKey()));
    }

    @Test
    void outputsMatchNumpyAcrossTwoRegenerations() {
        Mt19937 mt = new Mt19937(43);
        long[] first = NUMPY.longs("uint32_seed43_first");
        for (long expected : first) {
            assertEquals(expected, mt.nextUint32());
        }
        for (int i = first.length; i < 1280; i++) {
            mt.nextInt();
        }
        for (long expected : NUMPY.longs("uint32_seed43_draws_1281_to_1300")) {
            assertEquals(expected, mt.nextUint32());
        }
    }

    @Test
    void copyIsIndependent() {
        Mt19937 a = new Mt19937(7);
        a.nextInt();
        Mt19937 b = a.copy();
        int a1 = a.nextInt();
        int a2 = a.nextInt();
        assertEquals(a1, b.nextInt());
        assertEquals(a2, b.nextInt());
    }

    @Test
    void rejectsSeedsOutsideUint32() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Mt19937(-1));
        assertEquals("seed must be between 0 and 2^32 - 1, got -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Mt19937(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new Mt19937(0).seedByArray());
    }

    private static long[] unsigned(int[] words) {
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i] & 0xffffffffL;
        }
        return out;
    }
}
