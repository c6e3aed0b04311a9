// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;

/** What {@link ExperimentRunner} needs from a task: the model, its data, its loss and its metric. */
public interface Experiment {

    /** The partitions of a data set. */
    enum Part {
        /** Training data, shuffled each epoch. */
        TRAIN,
        /** Validation data. */
        VALID,
        /** Test data. */
        TEST
    }

    /**
     * Returns the model's name (used for checkpoint files).
     *
     * @return the name
     */
    String name();

    /**
     * Returns a new, uninitialized model Block.
     *
     * @return the block
     */
    Block newModel();

    /**
     * Returns input shapes of a representative batch, to initialize the model.
     *
     * @return the shapes
     */
    Shape[] inputShapes();

    /**
     * Returns the batches of a partition; training batches are shuffled with {@code seed}.
     *
     * @param manager the manager that owns the batches
     * @param part the partition
     * @param seed the shuffling seed (ignored for validation and test)
     * @return the batches
     */
    Iterable<Batch> batches(NDManager manager, Part part, long seed);

    /**
     * Returns the number of training batches per epoch.
     *
     * @return the count
     */
    int trainBatchesPerEpoch();

    /**
     * Returns the training loss.
     *
     * @return the loss
     */
    Loss loss();

    /**
     * Returns the name of the reported metric, for example {@code mse}.
     *
     * @return the metric's name
     */
    String metricName();

    /**
     * Returns the sum of the metric over a batch and the number of terms, {@code {sum, count}}.
     *
     * @param predictions the model's outputs
     * @param labels the labels
     * @return {@code {sum, count}}
     */
    double[] metric(NDList predictions, NDList labels);

    /**
     * Builds the training batch of the given samples, for the parts of a batch that run on parallel
     * threads ({@code --parallel-parts}). The samples are those of {@link Batch#getIndices()} of a
     * training batch. Each part's loss is weighted by its share of the samples, which is exact when
     * the loss is a mean over samples or over samples of equal size (N-body systems).
     *
     * @param manager the manager of the arrays
     * @param samples the sample indices
     * @return {@code {data, labels}}
     * @throws UnsupportedOperationException if the experiment cannot build batches of given samples
     */
    default NDList[] trainBatch(NDManager manager, int[] samples) {
        throw new UnsupportedOperationException(name() + " cannot split its batches (--parallel-parts must be 1)");
    }
}
