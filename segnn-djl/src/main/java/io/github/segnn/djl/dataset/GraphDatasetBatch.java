// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.dataset;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of a {@link GraphDataset}: the graphs of some record indices, built by
 * {@link GraphDataset#build} when {@link #getData()} or {@link #getLabels()} is first called.
 *
 * <p>{@link #split} over {@code k > 1} devices cuts the indices into consecutive groups of
 * {@code ceil(G / k)} graphs (as {@link io.github.segnn.djl.graph.GraphBatchifier#split}; fewer
 * groups when {@code G < k} or the groups run out) and builds each group's arrays directly on its
 * device, never the whole batch. Each part's labels end with a scalar named {@link #WEIGHT}, the
 * part's share of the batch's graphs (float64): a loss wrapped in
 * {@link io.github.segnn.djl.training.SplitWeightedLoss} multiplies by it, so that the gradients of
 * the parts, which DJL sums, equal the gradient of the whole batch for a loss that is a mean over
 * graphs (or over nodes of graphs of equal size). The same devices may be listed more than once
 * (parallel parts on one device, see {@link io.github.segnn.djl.training.GraphTrainer}).
 */
public final class GraphDatasetBatch extends Batch {

    /** Name of the weight array that {@link #split} appends to each part's labels. */
    public static final String WEIGHT = "split:weight";

    private final GraphDataset dataset;
    private final long[] records;
    private NDList data;
    private NDList labels;

    /**
     * Creates a batch.
     *
     * @param manager the manager of its arrays (closed with the batch)
     * @param dataset the dataset that builds the arrays
     * @param indices the record indices
     * @param progress the batch's number in its epoch, 1-based
     * @param progressTotal the number of batches of the epoch
     */
    public GraphDatasetBatch(NDManager manager, GraphDataset dataset, List<Long> indices, long progress,
            long progressTotal) {
        super(manager, new NDList(), new NDList(), indices.size(), dataset.dataBatchifier(), dataset.labelBatchifier(), progress,
                progressTotal, indices);
        this.dataset = dataset;
        this.records = indices.stream().mapToLong(Long::longValue).toArray();
    }

    private void built() {
        if (data == null) {
            NDList[] b = build(getManager(), records);
            data = b[0];
            labels = b[1];
        }
    }

    private NDList[] build(NDManager manager, long[] indices) {
        try {
            return dataset.build(manager, indices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read records " + indices[0] + ".." + indices[indices.length - 1]
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDList getData() {
        built();
        return data;
    }

    /** {@inheritDoc} */
    @Override
    public NDList getLabels() {
        built();
        return labels;
    }

    /**
     * Returns the record indices of the batch.
     *
     * @return a copy of the indices
     */
    public long[] records() {
        return records.clone();
    }

    /** {@inheritDoc} */
    @Override
    public Batch[] split(Device[] devices, boolean evenSplit) {
        int g = records.length;
        int k = Math.min(devices.length, g);
        if (k <= 1) {
            Device d = devices[0];
            NDManager m = getManager().newSubManager(d);
            NDList[] b = getManager().getDevice().equals(d) ? new NDList[] {getData(), getLabels()}
                    : new NDList[] {getData().toDevice(d, true), getLabels().toDevice(d, true)};
            return new Batch[] {new Batch(m, b[0], b[1], g, dataset.dataBatchifier(), dataset.labelBatchifier(), getProgress(),
                    getProgressTotal(), getIndices())};
        }
        if (evenSplit && g % k != 0) {
            throw new IllegalArgumentException("GraphDatasetBatch.split: " + g + " graphs cannot be split evenly into "
                    + k + " parts; use a multiple of " + k + " graphs per batch or evenSplit = false");
        }
        int step = (g + k - 1) / k;
        List<Batch> parts = new ArrayList<>(k);
        for (int p = 0; p * step < g; p++) {
            int from = p * step;
            int to = Math.min(g, from + step);
            long[] idx = java.util.Arrays.copyOfRange(records, from, to);
            NDManager m = getManager().newSubManager(devices[p]);
            NDList[] b = build(m, idx);
            NDArray w = m.create((double) (to - from) / g);
            w.setName(WEIGHT);
            NDList labelsWithWeight = new NDList(b[1]);
            labelsWithWeight.add(w);
            List<Object> sub = new ArrayList<Object>(getIndices().subList(from, to));
            parts.add(new Batch(m, b[0], labelsWithWeight, to - from, dataset.dataBatchifier(), dataset.labelBatchifier(),
                    getProgress(), getProgressTotal(), sub));
        }
        return parts.toArray(new Batch[0]);
    }
}
