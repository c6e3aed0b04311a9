// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import io.github.segnn.djl.dataset.GraphDataset;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import io.github.segnn.examples.io.Partitions;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * The N-body systems of one partition as a DJL dataset, charged (fully connected) or gravity
 * (k nearest neighbours, masses in place of charges), one graph per system: frame 30 in, frame 40
 * the label.
 *
 * <p>Record data, in the {@link GraphBatch} layout: {@code positions (n, 3)}, {@code nodeFeatures
 * (n, 0)}, {@code edgeIndex (2, E)} (without self loops, the incoming edges of every node
 * contiguous), {@code graphIndex (n,)}, {@code nodeCounts (1,)}, extras
 * {@code node:velocities (n, 3)} and {@code node:charges (n, 1)}. Record label: {@code [target (n,
 * 3)]}. {@link #build} makes a batch of any systems with one array per quantity: node
 * {@code b n + k} is particle {@code k} of the batch's system {@code b}.
 */
public final class NbodyDataset extends GraphDataset {

    /** Name of the velocities extra. */
    public static final String VELOCITIES = "velocities";
    /** Name of the charges (or masses) extra. */
    public static final String CHARGES = "charges";

    private final Source source;
    private final NbodyGraph graph;
    private ChargedFrames frames;

    /** Loads the frames of the train, valid and test splits. */
    @FunctionalInterface
    public interface Source {
        /**
         * Loads the frames.
         *
         * @return the frames of each split
         * @throws IOException if they cannot be read
         */
        Map<Dataset.Usage, ChargedFrames> load() throws IOException;
    }

    private NbodyDataset(Builder b) {
        super(b);
        source = b.source;
        graph = b.graph;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the frames of this dataset's partition.
     *
     * @return the frames
     * @throws IOException if they cannot be loaded
     */
    public ChargedFrames frames() throws IOException {
        prepare(null);
        return frames;
    }

    /** {@inheritDoc} */
    @Override
    protected void load(Progress progress) throws IOException {
        Map<Dataset.Usage, ChargedFrames> all = source.load();
        ChargedFrames f = all.get(usage());
        if (f == null) {
            throw new IOException("the N-body data has no " + Partitions.tag(usage()) + " split");
        }
        frames = f;
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        try {
            return frames().size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] build(NDManager manager, long[] indices) throws IOException {
        int[] systems = new int[indices.length];
        for (int i = 0; i < systems.length; i++) {
            systems[i] = Math.toIntExact(indices[i]);
        }
        return build(manager, frames(), graph, systems, dataType());
    }

    /**
     * Builds the data and labels of the given systems (see the class comment for the layout).
     *
     * @param manager the manager of the arrays
     * @param frames the frames
     * @param graph how the particles of a system are connected
     * @param systems the system indices
     * @param dtype the data type of positions, velocities, charges and targets
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
        for (int s = 0; s < b; s++) {
            int sys = systems[s];
            if (sys < 0 || sys >= frames.size()) {
                throw new IllegalArgumentException("N-body system " + sys + " does not exist; the data has "
                        + frames.size());
            }
            for (int k = 0; k < n; k++) {
                int node = s * n + k;
                for (int c = 0; c < 3; c++) {
                    int src = sys * 3 * n + c * n + k;
                    pos[node * 3 + c] = frames.locInput()[src];
                    vel[node * 3 + c] = frames.velInput()[src];
                    tgt[node * 3 + c] = frames.locTarget()[src];
                }
                q[node] = frames.charges()[sys * n + k];
            }
        }
        return new NDList[] {graphBatch(manager, graph, b, n, pos, vel, q, dtype),
            new NDList(array(manager, tgt, dtype, b * n, 3))};
    }

    /**
     * Builds the {@link GraphBatch} of {@code systems} systems of {@code n} particles each from their
     * node arrays, with the edges of {@code graph}: the data of a batch (see the class comment for
     * the layout); inference builds its one-system records with it too.
     *
     * @param manager the manager of the arrays
     * @param graph how the particles of a system are connected
     * @param systems the number of systems
     * @param n particles per system
     * @param pos positions, {@code (systems n, 3)} row-major; node {@code s n + k} is particle
     *     {@code k} of system {@code s}
     * @param vel velocities, {@code (systems n, 3)}
     * @param q charges (or masses), {@code (systems n)}
     * @param dtype the data type of positions, velocities and charges
     * @return the batch in the GraphBatch NDList layout
     */
    public static NDList graphBatch(NDManager manager, NbodyGraph graph, int systems, int n, double[] pos,
            double[] vel, double[] q, DataType dtype) {
        int nodes = systems * n;
        long[] graphIndex = new long[nodes];
        for (int node = 0; node < nodes; node++) {
            graphIndex[node] = node / n;
        }
        long[] counts = new long[systems];
        Arrays.fill(counts, n);
        return GraphBatch.builder().setPositions(array(manager, pos, dtype, nodes, 3))
                .setNodeFeatures(manager.zeros(new Shape(nodes, 0), dtype))
                .setEdgeIndex(Graphs.toNDArray(manager, graph.edges(pos, systems, n)))
                .optGraphs(manager.create(graphIndex), manager.create(counts))
                .addNodeExtra(VELOCITIES, array(manager, vel, dtype, nodes, 3))
                .addNodeExtra(CHARGES, array(manager, q, dtype, nodes, 1))
                .optValidateValues(false).build().toNDList();
    }

    private static NDArray array(NDManager m, double[] v, DataType dtype, long... shape) {
        NDArray a = m.create(DoubleBuffer.wrap(v), new Shape(shape));
        return dtype == DataType.FLOAT64 ? a : a.toType(dtype, false);
    }

    /** Builder of {@link NbodyDataset}. */
    public static final class Builder extends GraphDataset.BaseBuilder<Builder> {
        private Source source;
        private NbodyGraph graph = NbodyGraph.FULLY_CONNECTED;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets where the frames come from (loaded by {@code prepare}, once).
         *
         * @param source the loader of the splits
         * @return this builder
         */
        public Builder setSource(Source source) {
            this.source = source;
            return this;
        }

        /**
         * Sets frames already loaded.
         *
         * @param data the frames of each split
         * @return this builder
         */
        public Builder setData(Map<Dataset.Usage, ChargedFrames> data) {
            this.source = () -> data;
            return this;
        }

        /**
         * Sets how the particles of a system are connected (default fully).
         *
         * @param graph the graph
         * @return this builder
         */
        public Builder optGraph(NbodyGraph graph) {
            this.graph = graph;
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         */
        public NbodyDataset build() {
            if (source == null) {
                throw new IllegalArgumentException("NbodyDataset: the builder needs setSource or setData");
            }
            return new NbodyDataset(this);
        }
    }
}
