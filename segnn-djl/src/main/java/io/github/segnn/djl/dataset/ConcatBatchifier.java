// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;

/**
 * A DJL {@link Batchifier} that joins records along axis 0 instead of stacking them: the labels of
 * graph records, with one row per node ({@code (n_g, C)}, joined to {@code (N, C)}) or per graph
 * ({@code (1, C)}, joined to {@code (G, C)}). {@link #split} cuts axis 0 into {@code ceil(rows /
 * slices)} rows per slice, which matches {@link io.github.segnn.djl.graph.GraphBatchifier}'s cut of
 * the data for per-graph rows or graphs of equal size; a {@link GraphDatasetBatch} cuts its labels
 * by its graphs instead and does not use this split.
 */
public final class ConcatBatchifier implements Batchifier {

    private static final long serialVersionUID = 1L;

    /** {@inheritDoc} */
    @Override
    public NDList batchify(NDList[] inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("ConcatBatchifier.batchify: no record to batch");
        }
        int width = inputs[0].size();
        NDList out = new NDList(width);
        for (int k = 0; k < width; k++) {
            NDList column = new NDList(inputs.length);
            for (int r = 0; r < inputs.length; r++) {
                if (inputs[r].size() != width) {
                    throw new IllegalArgumentException("ConcatBatchifier.batchify: record " + r + " has "
                            + inputs[r].size() + " arrays, record 0 has " + width);
                }
                column.add(inputs[r].get(k));
            }
            NDArray joined = column.size() == 1 ? column.get(0).duplicate() : NDArrays.concat(column, 0);
            joined.setName(inputs[0].get(k).getName());
            out.add(joined);
        }
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] unbatchify(NDList inputs) {
        throw new IllegalArgumentException("ConcatBatchifier.unbatchify: rows do not say which record they came"
                + " from; unbatchify the data with GraphBatchifier and cut the labels by its node counts");
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] split(NDList list, int numOfSlices, boolean evenSplit) {
        long rows = list.head().getShape().get(0);
        int slices = (int) Math.max(1, Math.min(numOfSlices, rows));
        long step = (rows + slices - 1) / slices;
        if (evenSplit && rows % slices != 0) {
            throw new IllegalArgumentException("ConcatBatchifier.split: " + rows + " rows cannot be split evenly into "
                    + slices + " slices");
        }
        int parts = (int) ((rows + step - 1) / step);
        NDList[] out = new NDList[parts];
        for (int p = 0; p < parts; p++) {
            long from = p * step;
            long to = Math.min(rows, from + step);
            NDList part = new NDList(list.size());
            for (NDArray a : list) {
                NDArray s = a.get(from + ":" + to);
                s.setName(a.getName());
                part.add(s);
            }
            out[p] = part;
        }
        return out;
    }
}
