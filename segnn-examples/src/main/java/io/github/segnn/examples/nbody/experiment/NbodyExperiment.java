// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.model.NbodyModel;
import io.github.segnn.examples.train.Experiment;
import io.github.segnn.examples.train.MeanErrorLoss;
import java.util.LinkedHashMap;
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
    private final Map<Dataset.Usage, ChargedFrames> data;
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
    public NbodyExperiment(NbodyArchitecture architecture, Centring centring, Map<Dataset.Usage, ChargedFrames> data,
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
            Map<Dataset.Usage, ChargedFrames> data, int maxSamples, int batchSize) {
        if (!task.residual() && architecture == NbodyArchitecture.EGNN) {
            throw new IllegalArgumentException("--model egnn predicts positions from positions and is not available for "
                    + task.title() + ", which predicts directly; use a SEGNN or SE model");
        }
        this.task = task;
        this.architecture = architecture;
        this.centring = centring;
        this.data = data;
        this.maxSamples = Math.min(maxSamples, data.get(Dataset.Usage.TRAIN).size());
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
    public ChargedFrames frames(Dataset.Usage split) {
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
        int n = data.get(Dataset.Usage.TRAIN).numParticles();
        return NbodyModel.inputShapes(batchSize, n, task.graph().edgeCount(batchSize, n));
    }

    @Override
    public NbodyDataset dataset(Dataset.Usage usage, long seed) {
        NbodyDataset.Builder b = NbodyDataset.builder().setData(data).optGraph(task.graph()).optUsage(usage);
        if (usage == Dataset.Usage.TRAIN) {
            b.setSampling(new EpochShuffleSampler(batchSize, true, true, seed)).optLimit(maxSamples);
        } else {
            b.setSampling(EpochShuffleSampler.sequential(batchSize));
        }
        return b.build();
    }

    @Override
    public Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("task", task.name());
        c.put("--model", architecture.flag());
        c.put("centring", centring.name());
        c.put("training systems", Integer.toString(maxSamples));
        c.put("--batch-size", Integer.toString(batchSize));
        for (Dataset.Usage s : Partitions.ORDER) {
            c.put(Partitions.tag(s) + " systems", Integer.toString(data.get(s).size()));
        }
        c.put("particles", Integer.toString(data.get(Dataset.Usage.TRAIN).numParticles()));
        Segnn network = new NbodyModel(architecture, centring, task.residual()).getNetwork();
        c.put("irreps", network == null ? architecture.hiddenFeatures() + " hidden features (EGNN)"
                : "in " + network.getIrrepsIn() + ", hidden " + network.getHiddenIrreps() + ", out "
                        + network.getIrrepsOut() + ", attributes " + network.getNodeAttrIrreps());
        return c;
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
