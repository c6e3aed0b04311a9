// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import io.github.segnn.djl.dataset.GraphDataset;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import java.nio.DoubleBuffer;

/**
 * The molecules of one QM9 partition as a DJL dataset, one graph per molecule, built from
 * {@link Qm9Graphs} (one array per quantity per batch).
 *
 * <p>Record data, in the {@link GraphBatch} layout: {@code positions (n, 3)}, {@code nodeFeatures
 * (n, 5)} (one-hot elements), {@code edgeIndex (2, E)}, {@code graphIndex (n,)},
 * {@code nodeCounts (1,)}. Record label: {@code [(1, 1)]}, the standardized target in float64 (a
 * float32 label would round {@code z} by up to {@code 6e-8 |z|}, about a meV for the total
 * energies, whose MAD is hundreds of eV).
 */
public final class Qm9Dataset extends GraphDataset {

    private final Qm9Graphs graphs;
    private final double[] labels;

    private Qm9Dataset(Builder b) {
        super(b);
        graphs = b.graphs;
        labels = b.labels;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected void load(Progress progress) {
        // the graphs are built by Qm9Experiment before the dataset
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return graphs.size();
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] build(NDManager manager, long[] indices) {
        int[] chunk = new int[indices.length];
        double[] y = new double[chunk.length];
        for (int g = 0; g < chunk.length; g++) {
            chunk[g] = Math.toIntExact(indices[g]);
            y[g] = labels[chunk[g]];
        }
        NDList data = graphs.batch(manager, chunk, dataType());
        return new NDList[] {data, new NDList(manager.create(DoubleBuffer.wrap(y), new Shape(chunk.length, 1)))};
    }

    /** Builder of {@link Qm9Dataset}. */
    public static final class Builder extends GraphDataset.BaseBuilder<Builder> {
        private Qm9Graphs graphs;
        private double[] labels;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the molecules and their standardized labels.
         *
         * @param graphs the molecules' graphs
         * @param labels one label per molecule
         * @return this builder
         */
        public Builder setGraphs(Qm9Graphs graphs, double[] labels) {
            if (labels.length != graphs.size()) {
                throw new IllegalArgumentException(labels.length + " labels for " + graphs.size() + " molecules");
            }
            this.graphs = graphs;
            this.labels = labels;
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         */
        public Qm9Dataset build() {
            if (graphs == null) {
                throw new IllegalArgumentException("Qm9Dataset: the builder needs setGraphs");
            }
            return new Qm9Dataset(this);
        }
    }
}
