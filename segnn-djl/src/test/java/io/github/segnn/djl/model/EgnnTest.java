// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.segnn.djl.BlockTesting;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EgnnTest {

    /** MSE over all position coordinates (the official nn.MSELoss). */
    static final class PositionMse extends Loss {
        PositionMse() {
            super("PositionMse");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return predictions.singletonOrThrow().sub(labels.singletonOrThrow()).square().mean();
        }
    }

    /** A charged-N-body-like batch: graphs of 5 particles, h = |v|, a_ij = [q_i q_j, |x_i - x_j|^2]. */
    static NDList nbody(NDManager m, DataType dt, int graphs, long seed) {
        int n = 5 * graphs;
        int[] counts = new int[graphs];
        java.util.Arrays.fill(counts, 5);
        long[][] e = Graphs.fullyConnected(counts);
        NDArray x = TestSupport.randn(m, seed, dt, n, 3);
        NDArray v = TestSupport.randn(m, seed + 1, dt, n, 3).mul(0.5);
        NDArray q = TestSupport.randn(m, seed + 2, dt, n, 1).sign();
        NDArray edges = Graphs.toNDArray(m, e);
        NDArray src = edges.get(0);
        NDArray dst = edges.get(1);
        NDArray qq = q.get(src).mul(q.get(dst));
        NDArray d2 = x.get(dst).sub(x.get(src)).square().sum(new int[] {1}, true);
        NDArray h = v.square().sum(new int[] {1}, true).sqrt();
        long[] sizes = new long[graphs];
        java.util.Arrays.fill(sizes, 5);
        return GraphBatch.builder().setPositions(x).setNodeFeatures(h).setEdgeIndex(edges)
                .optGraphs(m.create(Graphs.graphIndex(counts)), m.create(sizes)).optNodeAttr(v)
                .optEdgeAttr(qq.concat(d2, 1)).build().toNDList();
    }

    enum Precision {
        FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

        final DataType dt;

        Precision(DataType dt) {
            this.dt = dt;
        }
    }

    static Egnn model(NDManager m, DataType dt, NDList in) {
        Egnn model = Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2).build();
        model.initialize(m, dt, in.getShapes());
        return model;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void isE3EquivariantAndPermutationEquivariant(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            NDList in = nbody(m, p.dt, 2, 1);
            Egnn model = model(m, p.dt, in);
            EquivarianceChecker.Report r = EquivarianceChecker.builder().optTrials(4).build().check(model, in);
            r.assertBelow(p.dt == DataType.FLOAT64 ? TestSupport.TOL64 : TestSupport.TOL32);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void matchesHandComputationOfTheOfficialDefaults(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            NDList in = nbody(m, p.dt, 2, 2);
            Egnn model = model(m, p.dt, in);
            assertEquals(4, model.getLayers().size());
            assertEquals(64, model.getLayers().get(0).getHiddenFeatures());
            NDArray y = model.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            assertEquals(new Shape(10, 3), y.getShape());
            long[][] e = Graphs.fullyConnected(5, 5);
            double[][] want = EgnnReference.model(model,
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.NODE_FEATURES)), 1),
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.POSITIONS)), 3),
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.NODE_ATTR)), 3), e,
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.EDGE_ATTR)), 2));
            double err = TestSupport.relativeError(y, m.create(EgnnReference.flat(want), new Shape(10, 3)));
            assertTrue(err < BlockTesting.numericTolerance(p.dt), p + " error " + err);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void saveLoadRoundTrip(Precision p) throws MalformedModelException {
        try (NDManager m = TestSupport.manager()) {
            NDList in = nbody(m, p.dt, 2, 3);
            Egnn model = model(m, p.dt, in);
            NDArray y = model.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            byte[] bytes = BlockTesting.save(model);
            Egnn loaded = Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2).build();
            BlockTesting.load(loaded, m, bytes);
            NDArray y2 = loaded.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            assertEquals(0, TestSupport.relativeError(y2, y));
            assertEquals(model.getParameters().size(), loaded.getParameters().size());
            Egnn other = Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2).optNumLayers(3).build();
            String msg = assertThrows(MalformedModelException.class, () -> BlockTesting.load(other, m, bytes))
                    .getMessage();
            assertTrue(msg.contains("Egnn(") && msg.contains("4 layers") && msg.contains("3 layers"), msg);
        }
    }

    private static void assertRefused(String expected, BiConsumer<NDList, NDManager> edit) {
        try (NDManager m = TestSupport.manager()) {
            NDList in = nbody(m, DataType.FLOAT32, 2, 4);
            Egnn model = model(m, DataType.FLOAT32, in);
            edit.accept(in, m);
            String msg = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(m, false), in, false)).getMessage();
            assertTrue(msg.startsWith("Egnn(") && msg.contains(expected), msg);
        }
    }

    @Test
    void badInputsFailWithClearMessages() {
        assertRefused("input 'nodeFeatures' has width 2", (in, m) -> in.set(GraphBatch.NODE_FEATURES,
                m.zeros(new Shape(10, 2))));
        assertRefused("positions must be (N, 3)", (in, m) -> in.set(GraphBatch.POSITIONS, m.zeros(new Shape(10, 3, 1))));
        assertRefused("nodeAttr has 9 rows but positions has N = 10", (in, m) -> in.set(GraphBatch.NODE_ATTR,
                m.zeros(new Shape(9, 3))));
        assertRefused("edgeAttr has 39 rows but edgeIndex has E = 40", (in, m) -> in.set(GraphBatch.EDGE_ATTR,
                m.zeros(new Shape(39, 2))));
        assertRefused("edgeIndex must be (2, E)", (in, m) -> in.set(GraphBatch.EDGE_INDEX, m.zeros(new Shape(3, 40),
                DataType.INT64)));
        assertRefused("input 'positions' contains NaN", (in, m) -> {
            NDArray x = in.get(GraphBatch.POSITIONS).duplicate();
            x.set(new NDIndex("3, 1"), Float.NaN);
            in.set(GraphBatch.POSITIONS, x);
        });
        assertRefused("expected at least 8 arrays", (in, m) -> in.remove(GraphBatch.EDGE_SCALARS));
        String msg = assertThrows(IllegalArgumentException.class, () -> Egnn.builder().setNodeFeatures(1).build())
                .getMessage();
        assertTrue(msg.contains("setEdgeFeatures"), msg);
    }

    @Test
    void trainsWithDjlTrainerInFloat32() {
        Engine.getInstance().setRandomSeed(42);
        Egnn model = Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2).optHiddenFeatures(32).optNumLayers(2).build();
        PositionMse loss = new PositionMse();
        try (Model djl = Model.newInstance("egnn"); NDManager m = TestSupport.manager()) {
            djl.setBlock(model);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(5e-4f)).build())
                    .optDevices(new Device[] {TestSupport.device()});
            NDList in = nbody(m, DataType.FLOAT32, 4, 5);
            NDArray target = in.get(GraphBatch.POSITIONS).add(in.get(GraphBatch.NODE_ATTR).mul(0.5)); // x + v dt: the velocity term must learn 0.5
            try (Trainer trainer = djl.newTrainer(config)) {
                trainer.initialize(in.getShapes());
                float first = 0;
                float last = 0;
                for (int step = 0; step < 6; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray l = loss.evaluate(new NDList(target), trainer.forward(in));
                        gc.backward(l);
                        if (step == 0) {
                            first = l.getFloat();
                        }
                        last = l.getFloat();
                    }
                    trainer.step();
                }
                assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
            }
        }
    }

    @Test
    void trainsInFloat64WithAnOptimizerPerParameter() {
        // Trainer.step() fails in float64 (DJL-NOTES): update each parameter with the optimizer instead
        Engine.getInstance().setRandomSeed(43);
        try (NDManager m = TestSupport.manager()) {
            NDList in = nbody(m, DataType.FLOAT64, 4, 6);
            Egnn model = Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2).optHiddenFeatures(16).optNumLayers(2)
                    .build();
            model.initialize(m, DataType.FLOAT64, in.getShapes());
            NDArray target = in.get(GraphBatch.POSITIONS).add(in.get(GraphBatch.NODE_ATTR).mul(0.5));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(5e-4f)).build();
            ParameterStore ps = new ParameterStore(m, false);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 6; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = new PositionMse().evaluate(new NDList(target), model.forward(ps, in, true));
                    gc.backward(l);
                    if (step == 0) {
                        first = l.getDouble();
                    }
                    last = l.getDouble();
                }
                for (Parameter p : model.getParameters().values()) {
                    NDArray w = p.getArray();
                    NDArray g = w.getGradient();
                    adam.update(p.getId(), w, g);
                    g.subi(g); // gradients accumulate across collectors: reset them
                }
            }
            assertEquals(DataType.FLOAT64, model.getEmbedding().getParameters().get("weight").getArray().getDataType());
            assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        }
    }
}
