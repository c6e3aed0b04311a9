// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.random;

import java.util.List;
import java.util.Objects;

/**
 * A bit-for-bit reproduction of numpy's legacy {@code numpy.random.RandomState} stream.
 *
 * <p>{@code new NumpyRandom(43)} yields the same numbers as {@code np.random.seed(43)} followed by
 * the same calls: uniform doubles ({@link #randomSample()}), Gaussians ({@link #standardNormal()},
 * {@link #randn(int...)}), weighted choices ({@link #choice(double[], double[], int)}), bounded
 * integers ({@link #randomInterval(long)}, {@link #randint(long, long)}) and shuffles ({@link
 * #permutation(int)}). The Gaussians come from the Marsaglia polar method of numpy's {@code
 * legacy_gauss}, which returns the second value of each accepted pair first and keeps the first for
 * the next call; the one transcendental function involved, the natural logarithm, is {@link
 * Math#log}, which agrees with the glibc logarithm numpy calls except in the last bit of roughly one
 * call in a thousand (the uniforms and integers have no such caveat).
 *
 * <p>Instances are mutable and not thread-safe; use {@link #copy()} to fork a stream.
 */
public final class NumpyRandom {

    private static final double PROBABILITY_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private final Mt19937 bits;
    private boolean hasGauss;
    private double gauss;

    /**
     * Creates a stream seeded as {@code np.random.seed(seed)} seeds it ({@code init_genrand}).
     *
     * @param seed the seed, between 0 and 2<sup>32</sup> − 1 inclusive
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public NumpyRandom(long seed) {
        this(new Mt19937(seed));
    }

    private NumpyRandom(Mt19937 bits) {
        this.bits = bits;
    }

    /**
     * Creates a stream seeded as {@code np.random.seed([k0, k1, ...])} seeds it ({@code
     * init_by_array}); note that {@code np.random.seed(43)} is not {@code np.random.seed([43])}.
     *
     * @param key the key words, each between 0 and 2<sup>32</sup> − 1; at least one
     * @return the seeded stream
     * @throws IllegalArgumentException if the key is empty or a word is out of range
     */
    public static NumpyRandom fromKey(long... key) {
        Mt19937 mt = new Mt19937(0);
        mt.seedByArray(key);
        return new NumpyRandom(mt);
    }

    /**
     * Re-seeds as {@code np.random.seed(seed)} does, forgetting any cached Gaussian.
     *
     * @param seed the seed, between 0 and 2<sup>32</sup> − 1 inclusive
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public void seed(long seed) {
        bits.seed(seed);
        hasGauss = false;
        gauss = 0.0;
    }

    /**
     * Returns an independent stream in the same state, cached Gaussian included.
     *
     * @return the copy
     */
    public NumpyRandom copy() {
        NumpyRandom c = new NumpyRandom(bits.copy());
        c.hasGauss = hasGauss;
        c.gauss = gauss;
        return c;
    }

    /**
     * Returns the underlying bit generator (shared, not copied).
     *
     * @return the Mersenne Twister this stream draws from
     */
    public Mt19937 bitGenerator() {
        return bits;
    }

    /**
     * Returns the next raw 32-bit output, as {@code randint(0, 2**32, dtype=np.uint32)} does.
     *
     * @return a value between 0 and 2<sup>32</sup> − 1
     */
    public long nextUint32() {
        return bits.nextUint32();
    }

    /**
     * Returns one uniform double in [0, 1) with 53 random bits ({@code random_sample()}).
     *
     * @return the uniform draw
     */
    public double randomSample() {
        return bits.nextDouble();
    }

    /**
     * Returns {@code n} uniform doubles ({@code random_sample(n)}).
     *
     * @param n how many, at least 0
     * @return the draws in order
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public double[] randomSample(int n) {
        checkCount("n", n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = bits.nextDouble();
        }
        return out;
    }

    /**
     * Returns one standard normal draw exactly as numpy's {@code legacy_gauss}.
     *
     * @return the Gaussian draw
     */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            double cached = gauss;
            gauss = 0.0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * bits.nextDouble() - 1.0;
            x2 = 2.0 * bits.nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * Returns standard normal draws for an array of the given shape in C order ({@code randn}).
     *
     * @param shape the dimensions; none means a single value
     * @return the draws, flattened in row-major order
     * @throws IllegalArgumentException if a dimension is negative or the size exceeds an array
     */
    public double[] randn(int... shape) {
        double[] out = new double[sizeOf(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = standardNormal();
        }
        return out;
    }

    /**
     * Advances the stream exactly as {@code count} calls of {@link #standardNormal()} would, without
     * computing the values that are thrown away (only the uniforms are drawn).
     *
     * @param count how many Gaussians to consume, at least 0
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public void skipStandardNormals(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        long left = count;
        if (left > 0 && hasGauss) {
            hasGauss = false;
            gauss = 0.0;
            left--;
        }
        while (left >= 2) {
            double x1;
            double x2;
            double r2;
            do {
                x1 = 2.0 * bits.nextDouble() - 1.0;
                x2 = 2.0 * bits.nextDouble() - 1.0;
                r2 = x1 * x1 + x2 * x2;
            } while (r2 >= 1.0 || r2 == 0.0);
            left -= 2;
        }
        if (left == 1) {
            standardNormal();
        }
    }

    /**
     * Draws {@code size} indices with replacement from a discrete distribution, as the index part
     * of {@code choice(len(p), size, p=p)}: one uniform per draw, then a right-sided search in the
     * normalised cumulative sum of {@code p}.
     *
     * @param p the probabilities: non-negative, summing to 1 within √ε
     * @param size how many draws, at least 0
     * @return the drawn indices
     * @throws IllegalArgumentException if {@code p} is empty, has a negative or NaN entry, or does
     *     not sum to 1, or if {@code size} is negative
     */
    public int[] choiceIndices(double[] p, int size) {
        double[] cdf = cumulative(p);
        checkCount("size", size);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = searchRight(cdf, bits.nextDouble());
        }
        return out;
    }

    /**
     * Draws {@code size} values with replacement, as {@code choice(values, size, p=p)} does.
     *
     * @param values the population
     * @param p the probability of each value: non-negative, summing to 1 within √ε
     * @param size how many draws, at least 0
     * @return the drawn values
     * @throws IllegalArgumentException if the lengths differ or {@code p} is invalid
     */
    public double[] choice(double[] values, double[] p, int size) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(p, "p");
        if (values.length != p.length) {
            throw new IllegalArgumentException(
                    "values and p must have the same length, got "
                            + values.length
                            + " and "
                            + p.length);
        }
        int[] idx = choiceIndices(p, size);
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    /**
     * Returns a uniform integer in [0, max] by numpy's masked rejection ({@code random_interval}):
     * draws 32 bits (64 bits when {@code max} ≥ 2<sup>32</sup>), keeps the bits under the smallest
     * all-ones mask covering {@code max}, and retries while the result exceeds {@code max}.
     *
     * @param max the largest value, at least 0
     * @return the draw
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public long randomInterval(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xffffffffL) {
            do {
                value = bits.nextUint32() & mask;
            } while (value > max);
        } else {
            do {
                value = bits.nextLong() & mask;
            } while (value > max);
        }
        return value;
    }

    /**
     * Returns a uniform integer in [low, high) as legacy {@code randint(low, high)} does (masked
     * rejection, the same draws as {@link #randomInterval(long)} of {@code high - low - 1}).
     *
     * @param low the smallest value
     * @param high one past the largest value; greater than {@code low}
     * @return the draw
     * @throws IllegalArgumentException if {@code high <= low} or the range overflows a long
     */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("low >= high: low=" + low + ", high=" + high);
        }
        long range = high - low - 1;
        if (range < 0) {
            throw new IllegalArgumentException(
                    "range too large: low=" + low + ", high=" + high);
        }
        return low + randomInterval(range);
    }

    /**
     * Returns a random permutation of 0..n−1 exactly as {@code np.random.permutation(n)}.
     *
     * @param n the length, at least 0
     * @return the permuted indices
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int[] permutation(int n) {
        checkCount("n", n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        shuffle(out);
        return out;
    }

    /**
     * Shuffles in place exactly as legacy {@code shuffle}: for i from n−1 down to 1, swap entry i
     * with entry {@code randomInterval(i)}.
     *
     * @param values the array to shuffle
     */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) randomInterval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * Shuffles in place exactly as legacy {@code shuffle} (see {@link #shuffle(int[])}).
     *
     * @param values the array to shuffle
     */
    public void shuffle(long[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) randomInterval(i);
            long t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * Shuffles in place exactly as legacy {@code shuffle} (see {@link #shuffle(int[])}).
     *
     * @param values the array to shuffle
     */
    public void shuffle(double[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) randomInterval(i);
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * Shuffles a list in place exactly as legacy {@code shuffle} does for a Python list (or for the
     * rows of an array along its first axis).
     *
     * @param values the list to shuffle; must support {@code set}
     * @param <T> the element type
     */
    public <T> void shuffle(List<T> values) {
        for (int i = values.size() - 1; i > 0; i--) {
            int j = (int) randomInterval(i);
            values.set(i, values.set(j, values.get(i)));
        }
    }

    private static double[] cumulative(double[] p) {
        Objects.requireNonNull(p, "p");
        if (p.length == 0) {
            throw new IllegalArgumentException("p must not be empty");
        }
        double sum = 0.0;
        double compensation = 0.0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0.0)) {
                throw new IllegalArgumentException(
                        "probabilities must be non-negative, p[" + i + "]=" + p[i]);
            }
            double y = p[i] - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }
        if (Math.abs(sum - 1.0) > PROBABILITY_TOLERANCE) {
            throw new IllegalArgumentException("probabilities do not sum to 1, sum=" + sum);
        }
        double[] cdf = new double[p.length];
        double acc = 0.0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            cdf[i] = acc;
        }
        double last = cdf[cdf.length - 1];
        for (int i = 0; i < cdf.length; i++) {
            cdf[i] /= last;
        }
        return cdf;
    }

    private static int searchRight(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int sizeOf(int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape: " + d);
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape too large for one array");
            }
        }
        return (int) size;
    }

    private static void checkCount(String what, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + n);
        }
    }
}
