// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL {@link Batchifier} for graphs of different sizes, which {@link Batchifier#STACK} cannot
 * stack: records are NDLists in the {@link GraphBatch} layout (usually one graph each), and a batch
 * is their concatenation with shifted edge and graph indices ({@link GraphBatch#concat}).
 *
 * <ul>
 *   <li>{@link #batchify}: records in, one NDList in the {@link GraphBatch} layout out, made of new
 *       arrays (DJL closes the records once they are batched).
 *   <li>{@link #unbatchify}: one NDList per <b>graph</b> (a record that held several graphs comes
 *       back as several single-graph NDLists).
 *   <li>{@link #split}: consecutive groups of whole graphs, as DJL's default split groups records
 *       ({@code ceil(G / slices)} graphs each, the last group smaller), so edges never cross a
 *       slice; {@code evenSplit} requires {@code G} to be a multiple of the slice count.
 * </ul>
 *
 * <p>Irreps: none (graph bookkeeping only). Stateless apart from its validation switch.
 */
public final class GraphBatchifier implements Batchifier {

    private static final long serialVersionUID = 1L;

    /** Whether {@link #batchify} checks the values of each record (serialized with the batchifier). */
    private final boolean validateRecords;

    /** Creates a batchifier that validates the values of each record (see {@link GraphBatch}). */
    public GraphBatchifier() {
        this(true);
    }

    /**
     * Creates a batchifier.
     *
     * @param validateRecords whether to check the values of each record (edge indices, graph
     *     indices, NaN positions), which copies each record to the host once
     */
    public GraphBatchifier(boolean validateRecords) {
        this.validateRecords = validateRecords;
    }

    /** {@inheritDoc} */
    @Override
    public NDList batchify(NDList[] inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("GraphBatchifier.batchify: no record to batch");
        }
        List<GraphBatch> records = new ArrayList<>(inputs.length);
        for (int r = 0; r < inputs.length; r++) {
            try {
                records.add(GraphBatch.fromNDList(inputs[r], validateRecords));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GraphBatchifier: record " + r + ": " + e.getMessage(), e);
            }
        }
        if (records.size() == 1) {
            // DJL closes the records after batchify: the batch must own its arrays
            NDList copy = new NDList();
            for (NDArray a : records.get(0).toNDList()) {
                NDArray d = a.duplicate();
                d.setName(a.getName());
                copy.add(d);
            }
            return copy;
        }
        return GraphBatch.concat(records).toNDList();
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] unbatchify(NDList inputs) {
        return toLists(GraphBatch.fromNDList(inputs, false).partition(1));
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] split(NDList list, int numOfSlices, boolean evenSplit) {
        if (numOfSlices < 1) {
            throw new IllegalArgumentException("GraphBatchifier.split: numOfSlices must be >= 1, got " + numOfSlices);
        }
        GraphBatch batch = GraphBatch.fromNDList(list, false);
        long graphs = batch.numGraphs();
        if (graphs == 0) {
            return new NDList[] {list};
        }
        int slices = (int) Math.min(numOfSlices, graphs);
        if (evenSplit && graphs % slices != 0) {
            throw new IllegalArgumentException("GraphBatchifier.split: " + graphs + " graphs cannot be split evenly into "
                    + slices + " slices; use a multiple of " + slices + " graphs per batch or evenSplit = false");
        }
        int step = (int) ((graphs + slices - 1) / slices);
        return toLists(batch.partition(step));
    }

    private static NDList[] toLists(List<GraphBatch> parts) {
        NDList[] out = new NDList[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.get(i).toNDList();
        }
        return out;
    }
}
