// SPDX-License-Identifier: Apache-2.0
package com.example.segnn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Progress;
import io.github.segnn.djl.dataset.GraphDataset;
import java.util.Random;

/**
 * A dataset of your own for a SEGNN: small charged point clouds, one graph per record, labelled with
 * a rotation-invariant quantity (the mean squared distance of the points to their centre). Records
 * and batches are {@link io.github.segnn.djl.graph.GraphBatch}es built by {@link
 * SegnnInYourModel#inputs}; {@link GraphDataset} batches them for DJL's {@code EasyTrain}.
 */
public final class PointCloudDataset extends GraphDataset {

    /** Points per cloud. */
    public static final int POINTS = 4;

    private final int size;
    private final long seed;

    private PointCloudDataset(Builder builder) {
        super(builder);
        size = builder.size;
        seed = builder.seed;
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDList[] build(NDManager manager, long[] indices) {
        double[][] positions = new double[indices.length * POINTS][];
        double[] charges = new double[indices.length * POINTS];
        int[] counts = new int[indices.length];
        float[] labels = new float[indices.length];
        for (int g = 0; g < indices.length; g++) {
            Random random = new Random(seed * 1_000_003L + indices[g]);
            double[] centre = new double[3];
            for (int p = 0; p < POINTS; p++) {
                double[] r = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                positions[g * POINTS + p] = r;
                charges[g * POINTS + p] = random.nextBoolean() ? 1 : -1;
                for (int k = 0; k < 3; k++) {
                    centre[k] += r[k] / POINTS;
                }
            }
            double spread = 0;
            for (int p = 0; p < POINTS; p++) {
                for (int k = 0; k < 3; k++) {
                    double d = positions[g * POINTS + p][k] - centre[k];
                    spread += d * d / POINTS;
                }
            }
            labels[g] = (float) spread;
            counts[g] = POINTS;
        }
        NDList data = SegnnInYourModel.inputs(manager, positions, charges, counts);
        return new NDList[] {data, new NDList(manager.create(labels, new Shape(indices.length, 1)))};
    }

    @Override
    protected void load(Progress progress) {
        // generated on the fly: nothing to load
    }

    @Override
    protected long availableSize() {
        return size;
    }

    /** Builder of {@link PointCloudDataset}. */
    public static final class Builder extends GraphDataset.BaseBuilder<Builder> {
        private int size = 64;
        private long seed = 1;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the number of clouds (default 64).
         *
         * @param size the number of clouds
         * @return this builder
         */
        public Builder optSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * Sets the seed of the clouds (default 1).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         */
        public PointCloudDataset build() {
            return new PointCloudDataset(this);
        }
    }
}
