// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import io.github.segnn.djl.graph.Graphs;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Graph batches of N-body systems, built directly from the frame arrays (one array per quantity per
 * batch, no per-sample NDArrays). A batch holds {@code [pos (B n, 3), vel (B n, 3), charges (B n, 1),
 * edgeIndex (2, E), graphIndex (B n,), nodeCounts (B,)]} and the label {@code [target (B n, 3)]}:
 * node {@code b n + k} is particle {@code k} of system {@code b}; the systems are connected by the
 * {@link NbodyGraph} (fully, {@code E = B n (n-1)}, for the charged data; k nearest neighbours,
 * {@code E = B n k}, for gravity, whose masses take the charges' place), without self loops, the
 * incoming edges of every node contiguous.
 */
public final class NbodyBatches implements Iterable<Batch> {

    private final ChargedFrames frames;
    private final NbodyGraph graph;
    private final int count;
    private final int batchSize;
    private final boolean dropLast;
    private final long shuffleSeed;
    private final boolean shuffle;
    private final NDManager manager;
    private final DataType dtype;

    /**
     * Creates the batches.
     *
     * @param manager the manager of the batches (each batch gets a sub-manager)
     * @param frames the frames
     * @param graph how the particles of a system are connected
     * @param count how many systems to use (the first {@code count})
     * @param batchSize systems per batch
     * @param dropLast whether to drop an incomplete last batch
     * @param shuffle whether to shuffle
     * @param shuffleSeed the shuffle seed
     * @param dtype float32 or float64
     */
    public NbodyBatches(NDManager manager, ChargedFrames frames, NbodyGraph graph, int count, int batchSize,
            boolean dropLast, boolean shuffle, long shuffleSeed, DataType dtype) {
        if (count > frames.size()) {
            throw new IllegalArgumentException("asked for " + count + " systems but the data has " + frames.size());
        }
        this.manager = manager;
        this.frames = frames;
        this.graph = graph;
        this.count = count;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.shuffle = shuffle;
        this.shuffleSeed = shuffleSeed;
        this.dtype = dtype;
    }

    /**
     * Returns the number of batches.
     *
     * @return the count
     */
    public int size() {
        return dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
    }

    /**
     * Builds one batch of fully connected systems (the charged experiment).
     *
     * @param manager the manager of the arrays
     * @param frames the frames
     * @param systems the system indices
     * @param dtype the data type
     * @return {@code {data, labels}}
     */
    public static NDList[] build(NDManager manager, ChargedFrames frames, int[] systems, DataType dtype) {
        return build(manager, frames, NbodyGraph.FULLY_CONNECTED, systems, dtype);
    }

    /**
     * Builds one batch of the given systems.
     *
     * @param manager the manager of the arrays
     * @param frames the frames
     * @param graph how the particles of a system are connected
     * @param systems the system indices
     * @param dtype the data type
     * @return {@code {data, labels}}
     */
    public static NDList[] build(NDManager manager, ChargedFrames frames, NbodyGraph graph, int[] systems,
            DataType dtype) {
        int n = frames.numParticles();
        int b = systems.length;
        double[] pos = new double[b * n * 3];
        double[] vel = new double[b * n * 3];
        double[] tgt = new double[b * n * 3];
        double[] q = new double[b * n];
        long[] graphIndex = new long[b * n];
        for (int s = 0; s < b; s++) {
            int sys = systems[s];
            for (int k = 0; k < n; k++) {
                int node = s * n + k;
                for (int c = 0; c < 3; c++) {
                    int src = sys * 3 * n + c * n + k;
                    pos[node * 3 + c] = frames.locInput()[src];
                    vel[node * 3 + c] = frames.velInput()[src];
                    tgt[node * 3 + c] = frames.locTarget()[src];
                }
                q[node] = frames.charges()[sys * n + k];
                graphIndex[node] = s;
            }
        }
        long[][] edges = graph.edges(pos, b, n);
        long[] counts = new long[b];
        java.util.Arrays.fill(counts, n);
        NDList data = new NDList(array(manager, pos, dtype, b * n, 3), array(manager, vel, dtype, b * n, 3),
                array(manager, q, dtype, b * n, 1), Graphs.toNDArray(manager, edges),
                manager.create(graphIndex), manager.create(counts));
        NDList labels = new NDList(array(manager, tgt, dtype, b * n, 3));
        return new NDList[] {data, labels};
    }

    private static NDArray array(NDManager m, double[] v, DataType dtype, long... shape) {
        NDArray a = m.create(DoubleBuffer.wrap(v), new Shape(shape));
        return dtype == DataType.FLOAT64 ? a : a.toType(dtype, false);
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random r = new Random(shuffleSeed);
            for (int i = count - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
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
                int to = Math.min(count, from + batchSize);
                int[] systems = java.util.Arrays.copyOfRange(order, from, to);
                List<Integer> idx = new ArrayList<>();
                for (int s : systems) {
                    idx.add(s);
                }
                next++;
                return new LazyBatch(manager.newSubManager(), systems, next, total, idx);
            }
        };
    }

    /**
     * A batch whose arrays are built when first asked for: a training loop that cuts batches into parts
     * ({@code --parallel-parts}) builds the parts from the indices and never needs the whole batch.
     */
    private final class LazyBatch extends Batch {
        private final int[] systems;
        private NDList[] built;

        LazyBatch(NDManager m, int[] systems, long progress, long total, List<Integer> indices) {
            super(m, new NDList(), new NDList(), systems.length, Batchifier.STACK, Batchifier.STACK, progress, total,
                    indices);
            this.systems = systems;
        }

        private NDList[] built() {
            if (built == null) {
                built = build(getManager(), frames, graph, systems, dtype);
            }
            return built;
        }

        @Override
        public NDList getData() {
            return built()[0];
        }

        @Override
        public NDList getLabels() {
            return built()[1];
        }

        @Override
        public Batch[] split(Device[] devices, boolean evenSplit) {
            return new Batch(getManager(), getData(), getLabels(), getSize(), Batchifier.STACK, Batchifier.STACK,
                    getProgress(), getProgressTotal(), getIndices()).split(devices, evenSplit);
        }
    }
}
