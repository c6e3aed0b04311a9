// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.dataset;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A DJL {@link Sampler} of mini-batches whose order is a function of a seed and an epoch number,
 * so that a run resumed after epoch {@code e} draws exactly the batches of the uninterrupted run.
 * Each call of {@link #sample} starts the next epoch ({@link #setEpochsDone} sets where to start).
 * With shuffling, epoch {@code e} (1-based) visits the records in the Fisher-Yates permutation of
 * {@code java.util.Random(seed * 100003 + e)} (the last element swapped first); without, in order.
 * The records are those of {@code dataset.size()} (a dataset's {@code optLimit} takes the first
 * ones); with {@code dropLast} an incomplete last batch is left out.
 */
public final class EpochShuffleSampler implements Sampler {

    /** The factor of the seed in the per-epoch shuffle seed {@code seed * 100003 + epoch}. */
    public static final long SEED_FACTOR = 100_003L;

    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private int epochsDone;

    /**
     * Creates a sampler.
     *
     * @param batchSize records per batch, at least 1
     * @param shuffle whether to shuffle each epoch
     * @param dropLast whether to leave out an incomplete last batch
     * @param seed the run's seed (ignored without shuffling)
     */
    public EpochShuffleSampler(int batchSize, boolean shuffle, boolean dropLast, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("EpochShuffleSampler: batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /**
     * Creates a sampler that visits the records in order, the last batch possibly smaller (for
     * evaluation).
     *
     * @param batchSize records per batch
     * @return the sampler
     */
    public static EpochShuffleSampler sequential(int batchSize) {
        return new EpochShuffleSampler(batchSize, false, false, 0);
    }

    /**
     * Sets the number of epochs already sampled: the next {@link #sample} draws epoch
     * {@code epochsDone + 1}.
     *
     * @param epochsDone epochs done, at least 0
     */
    public synchronized void setEpochsDone(int epochsDone) {
        if (epochsDone < 0) {
            throw new IllegalArgumentException("EpochShuffleSampler: epochs done must be >= 0, got " + epochsDone);
        }
        this.epochsDone = epochsDone;
    }

    /**
     * Returns the number of epochs sampled so far.
     *
     * @return the count
     */
    public synchronized int getEpochsDone() {
        return epochsDone;
    }

    /**
     * Returns the record order of one epoch.
     *
     * @param size the number of records
     * @param epoch the epoch, 1-based
     * @return the record indices in visiting order
     */
    public int[] order(int size, int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random r = new Random(seed * SEED_FACTOR + epoch);
            for (int i = size - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * Returns the number of batches of an epoch over {@code size} records.
     *
     * @param size the number of records
     * @return the batch count
     */
    public int batchCount(long size) {
        return (int) (dropLast ? size / batchSize : (size + batchSize - 1) / batchSize);
    }

    /** {@inheritDoc} */
    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int epoch;
        synchronized (this) {
            epoch = ++epochsDone;
        }
        int size = Math.toIntExact(dataset.size());
        int[] order = order(size, epoch);
        int total = batchCount(size);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public List<Long> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next * batchSize;
                int to = Math.min(size, from + batchSize);
                List<Long> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    batch.add((long) order[i]);
                }
                next++;
                return batch;
            }
        };
    }

    /** {@inheritDoc} */
    @Override
    public int getBatchSize() {
        return batchSize;
    }
}
