// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.random;

import java.util.Arrays;

/**
 * The 32-bit Mersenne Twister MT19937 with numpy's two legacy seeding routines.
 *
 * <p>The state is 624 words plus a read position, exactly as numpy's {@code mt19937_state}; a
 * freshly seeded generator has position 624, so the first output triggers a full regeneration.
 * {@link #seed(long)} is {@code init_genrand} (what {@code np.random.seed(int)} calls) and {@link
 * #seedByArray(long...)} is {@code init_by_array} (what {@code np.random.seed([k0, k1, ...])}
 * calls). Instances are mutable and not thread-safe.
 */
public final class Mt19937 {

    /** Number of 32-bit words in the state. */
    public static final int STATE_LENGTH = 624;

    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final long UINT32_MAX = 0xffffffffL;

    private final int[] key = new int[STATE_LENGTH];
    private int pos;

    /**
     * Creates a generator seeded by {@code init_genrand(seed)}.
     *
     * @param seed the seed, between 0 and 2<sup>32</sup> − 1 inclusive
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public Mt19937(long seed) {
        seed(seed);
    }

    private Mt19937() {
        // filled by copy()
    }

    /**
     * Re-seeds with {@code init_genrand(seed)}, as {@code np.random.seed(seed)} does for an integer.
     *
     * @param seed the seed, between 0 and 2<sup>32</sup> − 1 inclusive
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public void seed(long seed) {
        checkUint32("seed", seed);
        int s = (int) seed;
        for (int i = 0; i < STATE_LENGTH; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = STATE_LENGTH;
    }

    /**
     * Re-seeds with {@code init_by_array(key)}, as {@code np.random.seed(array)} does.
     *
     * @param initKey the key words, each between 0 and 2<sup>32</sup> − 1; at least one
     * @throws IllegalArgumentException if the key is empty or a word is out of range
     */
    public void seedByArray(long... initKey) {
        if (initKey.length == 0) {
            throw new IllegalArgumentException("seed key must not be empty");
        }
        for (int k = 0; k < initKey.length; k++) {
            checkUint32("seed key[" + k + "]", initKey[k]);
        }
        seed(19650218L);
        int i = 1;
        int j = 0;
        for (int k = Math.max(STATE_LENGTH, initKey.length); k > 0; k--) {
            key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >>> 30)) * 1664525))
                    + (int) initKey[j] + j;
            i++;
            j++;
            if (i >= STATE_LENGTH) {
                key[0] = key[STATE_LENGTH - 1];
                i = 1;
            }
            if (j >= initKey.length) {
                j = 0;
            }
        }
        for (int k = STATE_LENGTH - 1; k > 0; k--) {
            key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= STATE_LENGTH) {
                key[0] = key[STATE_LENGTH - 1];
                i = 1;
            }
        }
        key[0] = UPPER_MASK;
        pos = STATE_LENGTH;
    }

    /**
     * Returns the next 32 random bits ({@code genrand_int32}).
     *
     * @return the next output, as the bits of an {@code int}
     */
    public int nextInt() {
        if (pos >= STATE_LENGTH) {
            regenerate();
        }
        int y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /**
     * Returns the next output as an unsigned value.
     *
     * @return the next output, between 0 and 2<sup>32</sup> − 1
     */
    public long nextUint32() {
        return nextInt() & UINT32_MAX;
    }

    /**
     * Returns two outputs joined as numpy's {@code mt19937_next64}: the first is the high word.
     *
     * @return 64 random bits
     */
    public long nextLong() {
        long high = nextUint32();
        return (high << 32) | nextUint32();
    }

    /**
     * Returns a double in [0, 1) from two outputs, as numpy's {@code mt19937_next_double}.
     *
     * @return (a·2<sup>26</sup> + b) / 2<sup>53</sup> with a = first output &gt;&gt; 5 and b = second
     *     output &gt;&gt; 6
     */
    public double nextDouble() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * Returns a copy of the 624 state words, as numpy's {@code get_state()[1]} shows them.
     *
     * @return the state words, as the bits of {@code int}s
     */
    public int[] stateKey() {
        return key.clone();
    }

    /**
     * Returns the read position, as numpy's {@code get_state()[2]} shows it.
     *
     * @return the position, between 0 and 624
     */
    public int statePosition() {
        return pos;
    }

    /**
     * Returns an independent generator in the same state.
     *
     * @return the copy
     */
    public Mt19937 copy() {
        Mt19937 c = new Mt19937();
        System.arraycopy(key, 0, c.key, 0, STATE_LENGTH);
        c.pos = pos;
        return c;
    }

    private void regenerate() {
        int i = 0;
        for (; i < STATE_LENGTH - M; i++) {
            int y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
            key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < STATE_LENGTH - 1; i++) {
            int y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
            key[i] = key[i + M - STATE_LENGTH] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (key[STATE_LENGTH - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
        key[STATE_LENGTH - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    private static void checkUint32(String what, long value) {
        if (value < 0 || value > UINT32_MAX) {
            throw new IllegalArgumentException(
                    what + " must be between 0 and 2^32 - 1, got " + value);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Mt19937[pos=" + pos + ", key[0..2]=" + Arrays.toString(Arrays.copyOf(key, 3)) + "]";
    }
}
