// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

/**
 * How a permutation of the N included molecules is cut into train, valid and test, always in that
 * order: the first {@code train} positions of the permutation, then {@code valid}, then {@code
 * test}.
 */
public enum Qm9SplitScheme {
    /**
     * The Cormorant split used by SEGNN (and EGNN): 100,000 train, ⌊0.1 N⌋ test, the rest valid.
     * For N = 130,831: 100,000 / 17,748 / 13,083. Matches {@code gen_splits_gdb9} of cormorant and
     * {@code qm9/dataset.py} of SEGNN ({@code np.split(perm, [Ntrain, Ntrain + Nvalid])}).
     */
    CORMORANT {
        @Override
        int[] sizes(int n) {
            int test = (int) (0.1 * n);
            return new int[] {100_000, n - 100_000 - test, test};
        }
    },
    /**
     * 110,000 train, 10,000 valid, the rest test (10,831 for N = 130,831), the sizes of the
     * DimeNet/SchNet-style benchmarks. With this class's seed-0 permutation it is not the DimeNet
     * split itself, which permutes with seed 42 and its own molecule list.
     */
    TRAIN_110K {
        @Override
        int[] sizes(int n) {
            return new int[] {110_000, 10_000, n - 120_000};
        }
    };

    /**
     * Returns the number of train, valid and test molecules for N molecules.
     *
     * @param n the number of included molecules
     * @return {train, valid, test}
     */
    abstract int[] sizes(int n);

    /**
     * Returns the partition sizes for N molecules, checking that all are non-negative.
     *
     * @param n the number of included molecules
     * @return a new array {train, valid, test}
     * @throws IllegalArgumentException if N is too small for this scheme
     */
    public int[] partitionSizes(int n) {
        int[] s = sizes(n);
        if (n < 0 || s[0] < 0 || s[1] < 0 || s[2] < 0) {
            int[] min = sizes(minimumSize());
            throw new IllegalArgumentException("the " + name().toLowerCase(java.util.Locale.ROOT) + " split has"
                    + " fixed partition sizes and needs at least " + minimumSize() + " molecules (train/valid/test = "
                    + min[0] + "/" + min[1] + "/" + min[2] + "), but only " + n + " are included");
        }
        return s;
    }

    /**
     * Returns the fewest molecules for which no partition is negative.
     *
     * @return the smallest valid N
     */
    public int minimumSize() {
        int n = 0;
        while (true) {
            int[] s = sizes(n);
            if (s[0] >= 0 && s[1] >= 0 && s[2] >= 0) {
                return n;
            }
            n++;
        }
    }
}
