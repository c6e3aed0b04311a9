// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.dataset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.github.segnn.djl.graph.GraphBatchifier;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;

/**
 * A DJL {@link RandomAccessDataset} of graphs: each record is one graph, its data an NDList in the
 * {@link io.github.segnn.djl.graph.GraphBatch} layout and its labels an NDList of its own; the data
 * batchifier is a {@link GraphBatchifier} and the label batchifier a {@link ConcatBatchifier}.
 *
 * <p>A subclass builds the arrays of any set of graphs at once ({@link #build}), typically with one
 * array creation per quantity; {@link #get} is {@code build} of one index, and the batches that
 * {@link #getData(NDManager, Sampler, ExecutorService)} returns are {@link GraphDatasetBatch}es
 * that call {@code build} on their indices when their arrays are first asked for. A batch built so
 * equals the records of its indices batchified one by one (what DJL's default iteration would do),
 * and a subclass's test should say so. {@code Batch.split} over several devices cuts such a batch
 * into whole graphs and builds each part directly.
 *
 * <p>{@link #usage()} says which partition the dataset holds ({@code Dataset.Usage.TRAIN},
 * {@code VALIDATION} or {@code TEST}) and {@link #dataType()} the floating-point type of its
 * positions and features; {@link #prepare(Progress)} is idempotent.
 */
public abstract class GraphDataset extends RandomAccessDataset {

    private final Dataset.Usage usage;
    private final DataType dataType;
    private boolean prepared;

    /**
     * Creates the dataset.
     *
     * @param builder the builder
     */
    protected GraphDataset(BaseBuilder<?> builder) {
        super(builder);
        usage = builder.usage;
        dataType = builder.dataType;
        if (sampler == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the builder needs setSampling");
        }
    }

    /**
     * Returns the partition this dataset holds.
     *
     * @return the usage
     */
    public Dataset.Usage usage() {
        return usage;
    }

    /**
     * Returns the floating-point type of the positions and features that {@link #build} creates.
     *
     * @return float32 or float64
     */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Returns the sampler set by the builder.
     *
     * @return the sampler
     */
    public Sampler getSampler() {
        return sampler;
    }

    /** The data batchifier, for the batches of this dataset. */
    Batchifier dataBatchifier() {
        return dataBatchifier;
    }

    /** The label batchifier, for the batches of this dataset. */
    Batchifier labelBatchifier() {
        return labelBatchifier;
    }

    /**
     * Builds the data (GraphBatch layout) and labels of the given records, in this order.
     *
     * @param manager the manager of the new arrays (and their device)
     * @param indices the record indices, each in {@code [0, size())}
     * @return {@code {data, labels}}
     * @throws IOException if the records cannot be read
     */
    public abstract NDList[] build(NDManager manager, long[] indices) throws IOException;

    /**
     * Loads what the dataset needs (once; later calls do nothing).
     *
     * @param progress progress of the loading, may be null
     * @throws IOException if the data cannot be read
     */
    protected abstract void load(Progress progress) throws IOException;

    /** {@inheritDoc} */
    @Override
    public final synchronized void prepare(Progress progress) throws IOException {
        if (!prepared) {
            load(progress);
            prepared = true;
        }
    }

    /** {@inheritDoc} */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        prepare(null);
        NDList[] built = build(manager, new long[] {index});
        return new Record(built[0], built[1]);
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executorService)
            throws IOException {
        prepare(null);
        return () -> new BatchIterator(manager, sampler);
    }

    /** Batches in the order of a sampler, each built when its arrays are first asked for. */
    private final class BatchIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final Iterator<List<Long>> order;
        private final long total;
        private long progress;

        BatchIterator(NDManager manager, Sampler sampler) {
            this.manager = manager;
            this.order = sampler.sample(GraphDataset.this);
            long size = size();
            int b = sampler.getBatchSize();
            this.total = b > 0 ? (size + b - 1) / b : size;
        }

        @Override
        public boolean hasNext() {
            return order.hasNext();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<Long> idx = order.next();
            progress++;
            return new GraphDatasetBatch(manager.newSubManager(), GraphDataset.this, idx, progress,
                    Math.max(total, progress));
        }
    }

    /**
     * A builder of a graph dataset: sampling ({@code setSampling}, required), the partition
     * ({@link #optUsage}) and DJL's other options; the batchifiers default to a
     * {@link GraphBatchifier} without value checks (the subclass builds valid graphs) and a
     * {@link ConcatBatchifier}.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> extends RandomAccessDataset.BaseBuilder<T> {

        private Dataset.Usage usage = Dataset.Usage.TRAIN;
        private DataType dataType = DataType.FLOAT32;

        /** Sets the default batchifiers. */
        protected BaseBuilder() {
            dataBatchifier = new GraphBatchifier(false);
            labelBatchifier = new ConcatBatchifier();
        }

        /**
         * Sets the partition to load (default {@code TRAIN}).
         *
         * @param usage train, validation or test
         * @return this builder
         */
        public T optUsage(Dataset.Usage usage) {
            if (usage == null) {
                throw new IllegalArgumentException("optUsage: the usage must not be null");
            }
            this.usage = usage;
            return self();
        }

        /**
         * Sets the floating-point type of positions and features (default float32).
         *
         * @param dataType float32 or float64
         * @return this builder
         */
        public T optDataType(DataType dataType) {
            if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
                throw new IllegalArgumentException("optDataType: positions and features are float32 or float64, not "
                        + dataType);
            }
            this.dataType = dataType;
            return self();
        }
    }
}
