// SPDX-License-Identifier: Apache-2.0
/**
 * DJL datasets of graphs: {@link io.github.segnn.djl.dataset.GraphDataset} (a
 * {@code RandomAccessDataset} whose records are single graphs in the
 * {@link io.github.segnn.djl.graph.GraphBatch} layout and whose batches are built in one go),
 * {@link io.github.segnn.djl.dataset.GraphDatasetBatch} (a batch that {@code Batch.split} cuts into
 * whole graphs), {@link io.github.segnn.djl.dataset.EpochShuffleSampler} (a reproducible shuffle per
 * epoch) and {@link io.github.segnn.djl.dataset.ConcatBatchifier} (labels joined along axis 0).
 */
package io.github.segnn.djl.dataset;
