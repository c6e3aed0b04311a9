// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import ai.djl.util.Progress;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.training.GraphTrainer;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.djl.training.listener.TrainingHistory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The generic pieces of graph datasets and training, on graphs of 1-3 nodes without edges. */
class GraphDatasetTest {

    /** Graph {@code i} has {@code i % 3 + 1} nodes at positions {@code (i, k, 0)}; its label is per graph. */
    private static class Tiny extends GraphDataset {
        private final int size;

        Tiny(int size, EpochShuffleSampler sampler) {
            super(new Builder().setSampling(sampler));
            this.size = size;
        }

        @Override
        protected void load(Progress progress) {}

        @Override
        protected long availableSize() {
            return size;
        }

        @Override
        public NDList[] build(NDManager m, long[] indices) {
            List<Double> pos = new ArrayList<>();
            List<Long> graph = new ArrayList<>();
            long[] counts = new long[indices.length];
            double[] y = new double[indices.length];
            for (int g = 0; g < indices.length; g++) {
                long i = indices[g];
                counts[g] = i % 3 + 1;
                y[g] = i;
                for (int k = 0; k < counts[g]; k++) {
                    pos.add((double) i);
                    pos.add((double) k);
                    pos.add(0.0);
                    graph.add((long) g);
                }
            }
            double[] p = pos.stream().mapToDouble(Double::doubleValue).toArray();
            NDList data = GraphBatch.builder().setPositions(m.create(p, new Shape(p.length / 3, 3)))
                    .setNodeFeatures(m.zeros(new Shape(p.length / 3, 0), DataType.FLOAT64))
                    .setEdgeIndex(m.zeros(new Shape(2, 0), DataType.INT64))
                    .optGraphs(m.create(graph.stream().mapToLong(Long::longValue).toArray()), m.create(counts))
                    .build().toNDList();
            return new NDList[] {data, new NDList(m.create(y, new Shape(y.length, 1)))};
        }

        private static final class Builder extends GraphDataset.BaseBuilder<Builder> {
            @Override
            protected Builder self() {
                return this;
            }
        }
    }

    /** Sums {@code w . position} over each graph's nodes; refuses a graph whose first x is negative. */
    private static final class GraphSum extends AbstractBlock {
        /** The per-node products of the last forward passes (intermediate arrays). */
        static final List<NDArray> INTERMEDIATES = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Parameter w;

        GraphSum() {
            w = addParameter(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(3, 1)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            NDArray pos = in.get(GraphBatch.POSITIONS);
            if (pos.get(0, 0).getDouble() < 0) {
                throw new IllegalArgumentException("GraphSum: a negative first coordinate");
            }
            NDArray perNode = pos.matMul(ps.getValue(w, pos.getDevice(), training));
            INTERMEDIATES.add(perNode);
            long graphs = in.get(GraphBatch.NODE_COUNTS).getShape().get(0);
            NDArray gi = in.get(GraphBatch.GRAPH_INDEX);
            NDArray onehot = gi.oneHot((int) graphs).toType(perNode.getDataType(), false);
            return new NDList(onehot.transpose().matMul(perNode));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[GraphBatch.NODE_COUNTS].get(0), 1)};
        }
    }

    /** Mean squared error over graphs, with no Java scalar in the graph. */
    private static final class Mse extends Loss {
        Mse() {
            super("mse");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray d = predictions.singletonOrThrow().sub(labels.singletonOrThrow());
            return d.mul(d).mean();
        }
    }

    @Test
    void dataTypeDefaultsToFloat32AndMustBeFloatingPoint() {
        assertEquals(DataType.FLOAT32, new Tiny(1, EpochShuffleSampler.sequential(1)).dataType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tiny.Builder().optDataType(DataType.INT32));
        assertEquals("optDataType: positions and features are float32 or float64, not int32", e.getMessage());
    }

    @Test
    void samplerOrdersAreSeededPerEpochAndResumable() {
        EpochShuffleSampler a = new EpochShuffleSampler(4, true, true, 3);
        Tiny ds = new Tiny(10, a);
        List<List<Long>> first = new ArrayList<>();
        a.sample(ds).forEachRemaining(first::add);
        assertEquals(2, first.size(), "10 records in batches of 4, the incomplete one dropped");
        List<List<Long>> second = new ArrayList<>();
        a.sample(ds).forEachRemaining(second::add);
        EpochShuffleSampler b = new EpochShuffleSampler(4, true, true, 3);
        b.setEpochsDone(1);
        List<List<Long>> resumed = new ArrayList<>();
        b.sample(ds).forEachRemaining(resumed::add);
        assertEquals(second, resumed, "epoch 2 of a resumed sampler is epoch 2");
        assertTrue(!first.equals(second), "a new order each epoch");
        Iterator<List<Long>> seq = EpochShuffleSampler.sequential(4).sample(ds);
        assertEquals(List.of(0L, 1L, 2L, 3L), seq.next());
        seq.next();
        assertEquals(List.of(8L, 9L), seq.next());
        assertThrows(IllegalArgumentException.class, () -> new EpochShuffleSampler(0, false, false, 0));
    }

    @Test
    void concatBatchifierJoinsAndSplitsRows() {
        try (NDManager m = TestSupport.manager()) {
            ConcatBatchifier c = new ConcatBatchifier();
            NDList joined = c.batchify(new NDList[] {new NDList(m.create(new double[] {1, 2}, new Shape(2, 1))),
                new NDList(m.create(new double[] {3}, new Shape(1, 1)))});
            assertArrayEquals(new double[] {1, 2, 3}, joined.head().toDoubleArray());
            NDList[] parts = c.split(joined, 2, false);
            assertEquals(2, parts.length);
            assertArrayEquals(new double[] {3}, parts[1].head().toDoubleArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.split(joined, 2, true));
            assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
        }
    }

    @Test
    void historyWritesEveryEpochOnceWithEmptyCellsWhereNotEvaluated() {
        TrainingHistory h = new TrainingHistory();
        h.addEpoch(0.5, 1.25);
        h.addEpoch(0.25, 1.0);
        assertTrue(h.evaluated(0.125, 0.2));
        h.addEpoch(0.2, 1.0);
        assertTrue(!h.evaluated(0.3, 0.1), "a worse validation is not the best");
        assertEquals(2, h.bestEpoch());
        assertEquals(0.2, h.testAtBest());
        assertEquals("epoch,train_loss,valid,test,seconds\n1,0.50000000,,,1.250\n2,0.25000000,0.12500000,0.20000000,1.000\n"
                + "3,0.20000000,0.30000000,0.10000000,1.000\n", h.toCsv());
    }

    private static double[] trainOneBatch(Device[] devices, ExecutorService pool, Tiny ds) throws Exception {
        ai.djl.engine.Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("tiny", devices[0])) {
            model.setDataType(DataType.FLOAT64);
            model.setBlock(new GraphSum());
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new Mse())
                    .optOptimizer(ResumableAdam.builder().build()).optDevices(devices);
            if (pool != null) {
                tc.optExecutorService(pool);
            }
            try (GraphTrainer trainer = new GraphTrainer(model, tc)) {
                trainer.initialize(new Shape(3, 3), new Shape(3, 0), new Shape(2, 0), new Shape(3), new Shape(1));
                Batch batch = trainer.iterateDataset(ds).iterator().next();
                EasyTrain.trainBatch(trainer, batch);
                double[] g = model.getBlock().getParameters().get(0).getValue().getArray().getGradient().toDoubleArray();
                batch.close();
                double[] out = java.util.Arrays.copyOf(g, g.length + 1);
                out[g.length] = trainer.getBatchLoss();
                return out;
            }
        }
    }

    @Test
    void partsOfGraphsOfDifferentSizesGiveTheWholeBatchGradientAndReportFailures() throws Exception {
        Tiny ds = new Tiny(7, EpochShuffleSampler.sequential(7));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            double[] one = trainOneBatch(new Device[] {Device.cpu()}, null, ds);
            assertTrue(Math.abs(one[0]) > 1e-6, "nonzero gradient");
            for (int k = 2; k <= 3; k++) {
                Device[] devices = new Device[k];
                java.util.Arrays.fill(devices, Device.cpu());
                double[] many = trainOneBatch(devices, pool, ds);
                for (int i = 0; i < one.length; i++) {
                    assertEquals(one[i], many[i], 1e-10 * Math.abs(one[i]), k + " parts, entry " + i);
                }
            }
            Tiny bad = new Tiny(7, EpochShuffleSampler.sequential(7)) {
                @Override
                public NDList[] build(NDManager m, long[] indices) {
                    NDList[] b = super.build(m, indices);
                    if (indices[0] >= 4) {
                        b[0].set(GraphBatch.POSITIONS, b[0].get(GraphBatch.POSITIONS).neg());
                        b[0].get(GraphBatch.POSITIONS).setName("positions");
                    }
                    return b;
                }
            };
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainOneBatch(new Device[] {Device.cpu(), Device.cpu()}, pool, bad));
            assertTrue(e.getMessage().contains("negative first coordinate"), e.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resumableAdamIsRefusedOverDistinctDevices() {
        try (Model model = Model.newInstance("tiny", Device.cpu())) {
            model.setBlock(new GraphSum());
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new Mse())
                    .optOptimizer(ResumableAdam.builder().build()).optDevices(new Device[] {Device.cpu(), Device.gpu(0)});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GraphTrainer(model, tc));
            assertTrue(e.getMessage().contains("one set of moments per parameter"), e.getMessage());
        }
    }

    @Test
    void partsFreeTheirIntermediateArraysAfterTheirBackwardPassAndKeepTheirPredictions() throws Exception {
        Tiny ds = new Tiny(6, EpochShuffleSampler.sequential(6));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Model model = Model.newInstance("tiny", Device.cpu())) {
            model.setDataType(DataType.FLOAT64);
            model.setBlock(new GraphSum());
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new Mse()).optOptimizer(ResumableAdam.builder().build())
                    .optDevices(new Device[] {Device.cpu(), Device.cpu()}).optExecutorService(pool);
            List<NDList> predictions = new ArrayList<>();
            tc.addTrainingListeners(new ai.djl.training.listener.TrainingListenerAdapter() {
                @Override
                public void onTrainingBatch(ai.djl.training.Trainer trainer, BatchData batchData) {
                    predictions.addAll(batchData.getPredictions().values());
                }
            });
            try (GraphTrainer trainer = new GraphTrainer(model, tc)) {
                trainer.initialize(new Shape(3, 3), new Shape(3, 0), new Shape(2, 0), new Shape(3), new Shape(1));
                GraphSum.INTERMEDIATES.clear();
                try (Batch batch = trainer.iterateDataset(ds).iterator().next()) {
                    EasyTrain.trainBatch(trainer, batch);
                    assertEquals(2, GraphSum.INTERMEDIATES.size(), "one forward pass per part");
                    for (NDArray a : GraphSum.INTERMEDIATES) {
                        assertTrue(a.isReleased(), "a part's intermediate array is freed after its backward pass");
                    }
                    assertTrue(!predictions.isEmpty());
                    for (NDList p : predictions) {
                        assertTrue(!p.head().isReleased(), "the predictions stay for the listeners");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
