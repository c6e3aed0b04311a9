// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.github.segnn.examples.train.Experiment;
import io.github.segnn.examples.train.MeanErrorLoss;
import java.util.Map;

/**
 * An N-body experiment, charged (SEGNN-SPEC 5-6) or gravity (ADDENDUM 2) as its {@link NbodyTask}
 * says: frame 30 in, frame 40 target, MSE on the target; training on the first {@code maxSamples}
 * trajectories in batches of {@code batchSize} with the last incomplete batch dropped, validation and
 * test on all their trajectories.
 */
public final class NbodyExperiment implements Experiment {

    private final NbodyTask task;
    private final NbodyArchitecture architecture;
    private final Centring centring;
    private final Map<Split, ChargedFrames> data;
    private final int maxSamples;
    private final int batchSize;

    /**
     * Creates the charged experiment.
     *
     * @param architecture the model
     * @param centring the centring of positions
     * @param data frames of the train, valid and test splits
     * @param maxSamples training trajectories used
     * @param batchSize systems per batch
     */
    public NbodyExperiment(NbodyArchitecture architecture, Centring centring, Map<Split, ChargedFrames> data,
            int maxSamples, int batchSize) {
        this(NbodyTask.CHARGED, architecture, centring, data, maxSamples, batchSize);
    }

    /**
     * Creates the experiment.
     *
     * @param task charged or gravity
     * @param architecture the model
     * @param centring the centring of positions
     * @param data frames of the train, valid and test splits
     * @param maxSamples training trajectories used
     * @param batchSize systems per batch
     */
    public NbodyExperiment(NbodyTask task, NbodyArchitecture architecture, Centring centring,
            Map<Split, ChargedFrames> data, int maxSamples, int batchSize) {
        if (!task.residual() && architecture == NbodyArchitecture.EGNN) {
            throw new IllegalArgumentException("--model egnn predicts positions from positions and is not available for "
                    + task.title() + ", which predicts directly; use a SEGNN or SE model");
        }
        this.task = task;
        this.architecture = architecture;
        this.centring = centring;
        this.data = data;
        this.maxSamples = Math.min(maxSamples, data.get(Split.TRAIN).size());
        this.batchSize = batchSize;
        if (this.maxSamples < batchSize) {
            throw new IllegalArgumentException(this.maxSamples < maxSamples
                    ? "the training split holds " + this.maxSamples + " systems, fewer than --batch-size " + batchSize
                            + ": no complete training batch; lower --batch-size"
                    : "--max-samples " + maxSamples + " is smaller than --batch-size " + batchSize
                            + ": no complete training batch");
        }
    }

    /**
     * Returns the frames of a split.
     *
     * @param split the split
     * @return the frames
     */
    public ChargedFrames frames(Split split) {
        return data.get(split);
    }

    /**
     * Returns the task.
     *
     * @return charged or gravity
     */
    public NbodyTask task() {
        return task;
    }

    @Override
    public String name() {
        return task.name() + "-" + architecture.flag();
    }

    @Override
    public Block newModel() {
        return new NbodyModel(architecture, centring, task.residual());
    }

    @Override
    public Shape[] inputShapes() {
        int n = data.get(Split.TRAIN).numParticles();
        long nodes = (long) batchSize * n;
        long edges = task.graph().edgeCount(batchSize, n);
        return new Shape[] {new Shape(nodes, 3), new Shape(nodes, 3), new Shape(nodes, 1), new Shape(2, edges),
            new Shape(nodes), new Shape(batchSize)};
    }

    @Override
    public NDList[] trainBatch(NDManager manager, int[] samples) {
        return NbodyBatches.build(manager, data.get(Split.TRAIN), task.graph(), samples, DataType.FLOAT32);
    }

    @Override
    public Iterable<Batch> batches(NDManager manager, Part part, long seed) {
        switch (part) {
            case TRAIN:
                return new NbodyBatches(manager, data.get(Split.TRAIN), task.graph(), maxSamples, batchSize, true, true,
                        seed, DataType.FLOAT32);
            case VALID:
                return new NbodyBatches(manager, data.get(Split.VALID), task.graph(), data.get(Split.VALID).size(),
                        batchSize, false, false, 0, DataType.FLOAT32);
            default:
                return new NbodyBatches(manager, data.get(Split.TEST), task.graph(), data.get(Split.TEST).size(),
                        batchSize, false, false, 0, DataType.FLOAT32);
        }
    }

    @Override
    public int trainBatchesPerEpoch() {
        return maxSamples / batchSize;
    }

    @Override
    public Loss loss() {
        return MeanErrorLoss.squared();
    }

    @Override
    public String metricName() {
        return "mse";
    }

    @Override
    public double[] metric(NDList predictions, NDList labels) {
        NDArray d = predictions.singletonOrThrow().sub(labels.singletonOrThrow()).toType(DataType.FLOAT64, false);
        return new double[] {d.square().sum().getDouble(), d.size()};
    }
}
