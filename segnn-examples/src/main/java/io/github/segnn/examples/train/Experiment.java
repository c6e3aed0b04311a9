// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import io.github.segnn.djl.dataset.GraphDataset;
import java.util.Map;

/** What {@link ExperimentRunner} needs from a task: the model, its datasets, its loss and its metric. */
public interface Experiment {

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
     * Returns the dataset of a partition. The training set is reshuffled every epoch from the seed
     * (an {@link io.github.segnn.djl.dataset.EpochShuffleSampler}); validation and test sets are
     * read in order.
     *
     * @param usage train, validation or test
     * @param seed the run's seed
     * @return the dataset
     */
    GraphDataset dataset(Dataset.Usage usage, long seed);

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
     * Returns the settings that define the experiment (task, model, data, sample counts), by option
     * name, as a checkpoint records them and a resumed run must repeat them.
     *
     * @return option name to value, in a stable order
     */
    Map<String, String> configuration();
}
