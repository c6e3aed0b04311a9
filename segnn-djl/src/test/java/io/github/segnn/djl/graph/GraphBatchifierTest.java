// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.model.Segnn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GraphBatchifierTest {

    private static NDList[] records(NDManager m, DataType dt) {
        return new NDList[] {GraphBatchTest.single(m, dt, 3, 1).toNDList(), GraphBatchTest.single(m, dt, 5, 2).toNDList(),
            GraphBatchTest.single(m, dt, 2, 3).toNDList()};
    }

    @ParameterizedTest
    @EnumSource(GraphBatchTest.Precision.class)
    void batchifyUnbatchifyRoundTrip(GraphBatchTest.Precision p) {
        try (NDManager m = TestSupport.manager()) {
            NDList[] records = records(m, p.dt);
            Batchifier batchifier = new GraphBatchifier();
            NDList batch = batchifier.batchify(records);
            GraphBatch b = GraphBatch.fromNDList(batch);
            assertEquals(10, b.numNodes());
            assertEquals(6 + 20 + 2, b.numEdges());
            assertArrayEquals(new long[] {3, 5, 2}, b.nodeCounts().toLongArray());
            NDList[] back = batchifier.unbatchify(batch);
            assertEquals(3, back.length);
            for (int r = 0; r < 3; r++) {
                GraphBatchTest.assertSameBatch(GraphBatch.fromNDList(records[r]), GraphBatch.fromNDList(back[r]));
            }
        }
    }

    @Test
    void splitKeepsWholeGraphs() {
        try (NDManager m = TestSupport.manager()) {
            NDList[] records = records(m, DataType.FLOAT32);
            Batchifier batchifier = new GraphBatchifier();
            NDList batch = batchifier.batchify(records);
            NDList[] two = batchifier.split(batch, 2, false);
            assertEquals(2, two.length);
            GraphBatchTest.assertSameBatch(GraphBatch.fromNDList(batchifier.batchify(new NDList[] {records[0],
                records[1]})), GraphBatch.fromNDList(two[0]));
            GraphBatchTest.assertSameBatch(GraphBatch.fromNDList(records[2]), GraphBatch.fromNDList(two[1]));
            assertEquals(3, batchifier.split(batch, 3, true).length);
            assertEquals(3, batchifier.split(batch, 8, false).length);
            String msg = assertThrows(IllegalArgumentException.class, () -> batchifier.split(batch, 2, true))
                    .getMessage();
            assertTrue(msg.contains("3 graphs") && msg.contains("evenly"), msg);
        }
    }

    @Test
    void djlBatchSplitCutsWholeGraphsWithTheirFeaturizedArrays() {
        Irreps in = Irreps.parse("2x0e+1x1o");
        Irreps attr = Irreps.parse("1x0e+1x1o");
        try (NDManager m = TestSupport.manager()) {
            NDList all = GraphFixtures.fullyConnected(m, DataType.FLOAT64, in, attr, 2, 3, 5, 2, 4, 3);
            List<GraphBatch> graphs = GraphBatch.view(all).partition(1);
            NDList[] records = new NDList[graphs.size()];
            NDList[] labels = new NDList[graphs.size()];
            for (int g = 0; g < records.length; g++) {
                records[g] = graphs.get(g).toNDList();
                labels[g] = new NDList(m.create(new double[] {g}));
            }
            Batchifier batchifier = new GraphBatchifier();
            NDList data = batchifier.batchify(records);
            Batch batch = new Batch(m, data, Batchifier.STACK.batchify(labels), records.length, batchifier,
                    Batchifier.STACK, 0, 1);
            Device d = TestSupport.device();
            Batch[] parts = batch.split(new Device[] {d, d}, false);
            assertEquals(2, parts.length);
            // DJL's split gives ceil(5 / 2) = 3 records to the first part, so the labels follow the graphs
            int[][] want = {{0, 1, 2}, {3, 4}};
            Segnn model = Segnn.builder().setInputIrreps(in).setHiddenIrreps(Irreps.parse("4x0e+2x1o"))
                    .setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(attr).setEdgeAttrIrreps(attr)
                    .optEdgeScalars(2).optNumLayers(1).build();
            model.initialize(m, DataType.FLOAT64, data.getShapes());
            ParameterStore ps = new ParameterStore(m, false);
            NDList outs = new NDList();
            for (int p = 0; p < 2; p++) {
                GraphBatch part = GraphBatch.fromNDList(parts[p].getData());
                part.validate();
                List<GraphBatch> expected = new ArrayList<>();
                for (int g : want[p]) {
                    expected.add(graphs.get(g));
                }
                GraphBatchTest.assertSameBatch(GraphBatch.concat(expected), part);
                assertArrayEquals(java.util.Arrays.stream(want[p]).asDoubleStream().toArray(),
                        parts[p].getLabels().singletonOrThrow().toDoubleArray());
                outs.add(model.forward(ps, parts[p].getData(), false).singletonOrThrow());
            }
            NDArray whole = model.forward(ps, data, false).singletonOrThrow();
            assertTrue(TestSupport.relativeError(outs.get(0).concat(outs.get(1), 0), whole) < 1e-12);
        }
    }

    @Test
    void badRecordsAreNamed() {
        try (NDManager m = TestSupport.manager()) {
            NDList[] records = records(m, DataType.FLOAT32);
            NDArray pos = records[1].get(GraphBatch.POSITIONS).duplicate();
            pos.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
            pos.setName("positions");
            records[1].set(GraphBatch.POSITIONS, pos);
            String msg = assertThrows(IllegalArgumentException.class, () -> new GraphBatchifier().batchify(records))
                    .getMessage();
            assertTrue(msg.contains("record 1") && msg.contains("positions contains NaN"), msg);
        }
    }

    /** Molecules of 2..5 atoms; label: one number per graph. */
    private static final class ToyGraphs extends RandomAccessDataset {
        ToyGraphs(Builder b) {
            super(b);
        }

        @Override
        public Record get(NDManager manager, long index) {
            GraphBatch g = GraphBatchTest.single(manager, DataType.FLOAT32, 2 + (int) (index % 4), index);
            return new Record(g.toNDList(), new NDList(manager.create(new float[] {index})));
        }

        @Override
        protected long availableSize() {
            return 7;
        }

        @Override
        public void prepare(Progress progress) {}

        static final class Builder extends BaseBuilder<Builder> {
            @Override
            protected Builder self() {
                return this;
            }
        }
    }

    @Test
    void worksAsTheDataBatchifierOfADjlDataset() throws Exception {
        ToyGraphs.Builder builder = new ToyGraphs.Builder();
        builder.setSampling(3, false).optDataBatchifier(new GraphBatchifier());
        ToyGraphs data = new ToyGraphs(builder);
        try (NDManager m = TestSupport.manager()) {
            int batches = 0;
            long graphs = 0;
            for (Batch batch : data.getData(m)) {
                try (batch) {
                    GraphBatch g = GraphBatch.fromNDList(batch.getData());
                    assertEquals(batch.getLabels().singletonOrThrow().getShape().get(0), g.numGraphs());
                    assertEquals(new Shape(g.numGraphs(), 2), g.extra("energy").getShape());
                    graphs += g.numGraphs();
                    batches++;
                    Batch[] parts = batch.split(new ai.djl.Device[] {TestSupport.device()}, false);
                    assertEquals(1, parts.length);
                }
            }
            assertEquals(3, batches);
            assertEquals(7, graphs);
            assertEquals(List.of("charge", "qq", "energy"),
                    GraphBatch.fromNDList(new GraphBatchifier().batchify(new NDList[] {data.get(m, 0).getData()}))
                            .extraNames());
        }
    }
}
