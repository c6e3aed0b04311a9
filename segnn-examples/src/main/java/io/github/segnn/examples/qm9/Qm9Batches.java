// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Batches of QM9 molecules assembled from {@link Qm9Graphs} (one array per quantity per batch).
 * The data of a batch is {@link Qm9Graphs#batch}; its label is {@code [(G, 1)]}, the standardized
 * targets in float64 (a float32 label would round {@code z} by up to {@code 6e-8 |z|}, which for
 * the total energies, whose MAD is hundreds of eV, is of the order of a meV). All molecules are used, the last batch may be smaller (as PyG's {@code DataLoader}
 * without {@code drop_last}); with shuffling the order is a Fisher-Yates permutation from {@code
 * java.util.Random(seed)}.
 */
public final class Qm9Batches implements Iterable<Batch> {

    private final NDManager manager;
    private final Qm9Graphs graphs;
    private final double[] labels;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final DataType dtype;

    /**
     * Creates the batches.
     *
     * @param manager the manager of the batches (each batch gets a sub-manager)
     * @param graphs the molecules
     * @param labels one standardized label per molecule
     * @param batchSize molecules per batch
     * @param shuffle whether to shuffle
     * @param seed the shuffling seed
     * @param dtype float32 or float64, for the data (labels are float64)
     */
    public Qm9Batches(NDManager manager, Qm9Graphs graphs, double[] labels, int batchSize, boolean shuffle, long seed,
            DataType dtype) {
        if (labels.length != graphs.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + graphs.size() + " molecules");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        this.manager = manager;
        this.graphs = graphs;
        this.labels = labels;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dtype = dtype;
    }

    /**
     * Returns the number of batches.
     *
     * @return {@code ceil(molecules / batchSize)}
     */
    public int size() {
        return (graphs.size() + batchSize - 1) / batchSize;
    }

    /**
     * Returns the molecule order of one pass.
     *
     * @return positions in the graphs list
     */
    int[] order() {
        int[] order = new int[graphs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random r = new Random(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = order();
        int total = size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next * batchSize;
                int[] chunk = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                NDManager m = manager.newSubManager();
                NDList data = graphs.batch(m, chunk, dtype);
                double[] y = new double[chunk.length];
                List<Integer> idx = new ArrayList<>(chunk.length);
                for (int g = 0; g < chunk.length; g++) {
                    y[g] = labels[chunk[g]];
                    idx.add(chunk[g]);
                }
                NDList label = new NDList(m.create(DoubleBuffer.wrap(y), new Shape(chunk.length, 1)));
                next++;
                return new Batch(m, data, label, chunk.length, Batchifier.STACK, Batchifier.STACK, next, total, idx);
            }
        };
    }
}
