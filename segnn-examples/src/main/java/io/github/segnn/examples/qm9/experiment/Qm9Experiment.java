// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.qm9.data.Qm9Dataset;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Standardization;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import io.github.segnn.examples.qm9.model.Qm9Model;
import io.github.segnn.examples.qm9.model.Qm9ModelConfig;
import io.github.segnn.examples.train.Experiment;
import io.github.segnn.examples.train.MeanErrorLoss;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The QM9 experiment of SEGNN ({@code qm9/train.py}): one model per target, trained with the L1
 * loss on standardized targets {@code (y - mean) / MAD} (statistics of the training molecules,
 * {@link Qm9Standardization}), evaluated by the mean absolute error in the target's report unit
 * ({@link Qm9Target#toReportUnit}, meV for energies) after de-standardizing.
 *
 * <p>The graphs of all partitions are built once ({@link Qm9Graphs}); training batches are
 * reshuffled every epoch and the last one may be smaller, validation and test batches follow the
 * partition's order (increasing GDB-9 index, as SEGNN's dataset).
 */
public final class Qm9Experiment implements Experiment {

    private final Qm9ModelConfig config;
    private final Qm9Target target;
    private final int batchSize;
    private final Qm9Standardization standardization;
    private final Map<Dataset.Usage, Qm9Graphs> graphs = new EnumMap<>(Dataset.Usage.class);
    private final Map<Dataset.Usage, double[]> labels = new EnumMap<>(Dataset.Usage.class);
    private final double buildSeconds;

    /**
     * Creates the experiment and builds the graphs.
     *
     * @param config the model settings (the radius is used for the graphs)
     * @param target the target
     * @param molecules the molecules of each partition; training must not be empty
     * @param batchSize molecules per batch
     * @param standardization the standardization to use, or null to compute it from the training molecules
     * @param threads threads for building the graphs
     * @throws IllegalArgumentException if the training partition is empty or the batch size below 1
     */
    public Qm9Experiment(Qm9ModelConfig config, Qm9Target target, Map<Dataset.Usage, List<Qm9Molecule>> molecules,
            int batchSize, Qm9Standardization standardization, int threads) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        List<Qm9Molecule> train = molecules.getOrDefault(Dataset.Usage.TRAIN, List.of());
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training molecules");
        }
        this.config = config;
        this.target = target;
        this.batchSize = batchSize;
        this.standardization = standardization != null ? standardization
                : Qm9Standardization.of(values(target, train));
        long t0 = System.nanoTime();
        for (Dataset.Usage p : Partitions.ORDER) {
            List<Qm9Molecule> list = molecules.getOrDefault(p, List.of());
            graphs.put(p, Qm9Graphs.build(list, config.radius(), threads));
            double[] y = values(target, list);
            for (int i = 0; i < y.length; i++) {
                y[i] = this.standardization.standardize(y[i]);
            }
            labels.put(p, y);
        }
        buildSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private static double[] values(Qm9Target target, List<Qm9Molecule> molecules) {
        double[] y = new double[molecules.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = target.value(molecules.get(i));
        }
        return y;
    }

    /**
     * Returns the model settings.
     *
     * @return the settings
     */
    public Qm9ModelConfig config() {
        return config;
    }

    /**
     * Returns the target.
     *
     * @return the target
     */
    public Qm9Target target() {
        return target;
    }

    /**
     * Returns the standardization of the target.
     *
     * @return mean and MAD in the target's unit
     */
    public Qm9Standardization standardization() {
        return standardization;
    }

    /**
     * Returns the graphs of a partition.
     *
     * @param partition the partition
     * @return the graphs
     */
    public Qm9Graphs graphs(Dataset.Usage partition) {
        return graphs.get(partition);
    }

    /**
     * Returns the standardized labels of a partition.
     *
     * @param partition the partition
     * @return a new array, one value per molecule
     */
    public double[] labels(Dataset.Usage partition) {
        return labels.get(partition).clone();
    }

    /**
     * Returns how long building the graphs of all partitions took.
     *
     * @return seconds
     */
    public double buildSeconds() {
        return buildSeconds;
    }

    /**
     * Returns the molecules per batch.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public String name() {
        return "qm9-" + target.label();
    }

    @Override
    public Block newModel() {
        return new Qm9Model(config);
    }

    @Override
    public Shape[] inputShapes() {
        Qm9Graphs train = graphs.get(Dataset.Usage.TRAIN);
        int[] first = new int[Math.min(batchSize, train.size())];
        for (int i = 0; i < first.length; i++) {
            first[i] = i;
        }
        long[] c = train.counts(first);
        return Qm9Model.inputShapes(c[0], c[1], c[2]);
    }

    @Override
    public Qm9Dataset dataset(Dataset.Usage usage, long seed) {
        return Qm9Dataset.builder().setGraphs(graphs.get(usage), labels.get(usage)).optUsage(usage)
                .setSampling(new EpochShuffleSampler(batchSize, usage == Dataset.Usage.TRAIN, false, seed)).build();
    }

    @Override
    public Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("--target", target.label());
        c.put("model", config.toString());
        c.put("--batch-size", Integer.toString(batchSize));
        c.put("standardization", standardization.toString());
        for (Dataset.Usage p : Partitions.ORDER) {
            Qm9Graphs g = graphs.get(p);
            c.put(Partitions.tag(p) + " molecules", Integer.toString(g == null ? 0 : g.size()));
        }
        return c;
    }

    @Override
    public int trainBatchesPerEpoch() {
        return (graphs.get(Dataset.Usage.TRAIN).size() + batchSize - 1) / batchSize;
    }

    @Override
    public Loss loss() {
        return MeanErrorLoss.absolute();
    }

    @Override
    public String metricName() {
        return "mae";
    }

    /**
     * Returns {@code {sum of |prediction - label| * MAD in the report unit, molecules}}: the absolute
     * error of the de-standardized prediction, {@code |(z' mad + mean) - y| = mad |z' - z|},
     * computed in double precision.
     *
     * @param predictions {@code [(G, 1)]} standardized predictions
     * @param labels {@code [(G, 1)]} standardized targets
     * @return {@code {sum, count}}
     */
    @Override
    public double[] metric(NDList predictions, NDList labels) {
        NDArray p = predictions.singletonOrThrow().toType(DataType.FLOAT64, false);
        NDArray y = labels.singletonOrThrow().toType(DataType.FLOAT64, false).reshape(p.getShape());
        double sum = p.sub(y).abs().sum().getDouble();
        return new double[] {target.toReportUnit(sum * standardization.mad()), p.getShape().get(0)};
    }
}
