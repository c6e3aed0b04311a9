// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import io.github.segnn.examples.random.NumpyRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A train/valid/test split of QM9 reproduced bit for bit from the Python reference.
 *
 * <p>SEGNN ({@code qm9/dataset.py}) and cormorant ({@code gen_splits_gdb9}) both do: drop the
 * molecules of {@code uncharacterized.txt}, keep the others in increasing GDB-9 order, call {@code
 * np.random.seed(0); perm = np.random.permutation(N)}, and cut {@code perm} into train, valid and
 * test in that order ({@link Qm9SplitScheme#CORMORANT}). Position p of {@code perm} refers to the
 * p-th included molecule. The permutation comes from {@link NumpyRandom}, which reproduces
 * numpy's legacy {@code RandomState}. Immutable.
 */
public final class Qm9Split {

    /** The seed of {@code np.random.seed(0)} in the reference code. */
    public static final long REFERENCE_SEED = 0L;

    private final Qm9SplitScheme scheme;
    private final long seed;
    private final int total;
    private final Map<Dataset.Usage, int[]> parts; // GDB-9 indices in permutation order
    private final int[] sortedIndices; // all included indices, increasing
    private final byte[] partitionOfPosition; // ordinal per position in sortedIndices

    private Qm9Split(Qm9SplitScheme scheme, long seed, int[] included) {
        this.scheme = scheme;
        this.seed = seed;
        this.total = included.length;
        this.sortedIndices = included;
        int[] sizes = scheme.partitionSizes(included.length);
        int[] perm = new NumpyRandom(seed).permutation(included.length);
        this.parts = new EnumMap<>(Dataset.Usage.class);
        this.partitionOfPosition = new byte[included.length];
        int start = 0;
        for (Dataset.Usage p : Partitions.ORDER) {
            int size = sizes[Partitions.index(p)];
            int[] ids = new int[size];
            for (int k = 0; k < size; k++) {
                int position = perm[start + k];
                ids[k] = included[position];
                partitionOfPosition[position] = (byte) Partitions.index(p);
            }
            parts.put(p, ids);
            start += size;
        }
    }

    /**
     * Creates the split used by SEGNN: {@link Qm9SplitScheme#CORMORANT} with seed 0.
     *
     * @param includedIndices the GDB-9 indices of the included molecules, strictly increasing
     *     (e.g. {@code Qm9Exclusions.includedIndices(Qm9Exclusions.GDB9_SIZE)})
     * @return the split
     * @throws IllegalArgumentException if the indices are not strictly increasing positive
     *     numbers or are too few for the scheme
     */
    public static Qm9Split cormorant(int[] includedIndices) {
        return create(Qm9SplitScheme.CORMORANT, includedIndices, REFERENCE_SEED);
    }

    /**
     * Creates a split.
     *
     * @param scheme the partition sizes
     * @param includedIndices the GDB-9 indices of the included molecules, strictly increasing
     * @param seed the seed of {@code np.random.seed}; {@link #REFERENCE_SEED} for SEGNN
     * @return the split
     * @throws IllegalArgumentException if the indices are not strictly increasing positive
     *     numbers or are too few for the scheme
     */
    public static Qm9Split create(Qm9SplitScheme scheme, int[] includedIndices, long seed) {
        int[] included = includedIndices.clone();
        for (int i = 0; i < included.length; i++) {
            if (included[i] <= 0 || (i > 0 && included[i] <= included[i - 1])) {
                throw new IllegalArgumentException(
                        "included indices must be positive and strictly increasing; position " + i
                                + " holds " + included[i] + (i > 0 ? " after " + included[i - 1] : ""));
            }
        }
        return new Qm9Split(scheme, seed, included);
    }

    /**
     * Returns the scheme that set the partition sizes.
     *
     * @return the scheme
     */
    public Qm9SplitScheme scheme() {
        return scheme;
    }

    /**
     * Returns the permutation seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the number of included molecules N.
     *
     * @return N, 130,831 for the release without the uncharacterized molecules
     */
    public int totalSize() {
        return total;
    }

    /**
     * Returns the number of molecules in a partition.
     *
     * @param partition the partition
     * @return its size
     */
    public int size(Dataset.Usage partition) {
        return parts.get(partition).length;
    }

    /**
     * Returns the GDB-9 indices of a partition in permutation order, like cormorant's {@code
     * included_idxs[train]}.
     *
     * @param partition the partition
     * @return a new array
     */
    public int[] indices(Dataset.Usage partition) {
        return parts.get(partition).clone();
    }

    /**
     * Returns the GDB-9 indices of a partition in increasing order, the order in which SEGNN's
     * {@code QM9} dataset stores them.
     *
     * @param partition the partition
     * @return a new sorted array
     */
    public int[] sortedIndices(Dataset.Usage partition) {
        int[] s = parts.get(partition).clone();
        Arrays.sort(s);
        return s;
    }

    /**
     * Finds the partition of a molecule.
     *
     * @param gdbIndex the one-based GDB-9 index
     * @return the partition, or empty if the molecule is not among the included ones
     */
    public Optional<Dataset.Usage> partitionOf(int gdbIndex) {
        int position = Arrays.binarySearch(sortedIndices, gdbIndex);
        if (position < 0) {
            return Optional.empty();
        }
        return Optional.of(Partitions.ORDER.get(partitionOfPosition[position]));
    }

    /**
     * Picks the molecules of one partition, in increasing GDB-9 order (SEGNN's order). Molecules
     * not included in the split are ignored; molecules of the partition that are absent from the
     * collection are simply missing from the result.
     *
     * @param molecules any molecules, e.g. the output of {@link Qm9Reader#read}
     * @param partition the partition
     * @return a new list
     */
    public List<Qm9Molecule> select(Collection<Qm9Molecule> molecules, Dataset.Usage partition) {
        List<Qm9Molecule> out = new ArrayList<>();
        for (Qm9Molecule m : molecules) {
            if (partitionOf(m.gdbIndex()).orElse(null) == partition) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparingInt(Qm9Molecule::gdbIndex));
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Qm9Split[" + scheme + ", seed " + seed + ", N " + total + ": train "
                + size(Dataset.Usage.TRAIN) + ", valid " + size(Dataset.Usage.VALIDATION) + ", test "
                + size(Dataset.Usage.TEST) + "]";
    }
}
