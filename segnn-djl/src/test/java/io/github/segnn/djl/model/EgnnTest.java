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
        return new NDList(h, x, v, edges, qq.concat(d2, 1));
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
            double[][] want = EgnnReference.model(model, EgnnReference.rows(BlockTesting.doubles(in.get(0)), 1),
                    EgnnReference.rows(BlockTesting.doubles(in.get(1)), 3),
                    EgnnReference.rows(BlockTesting.doubles(in.get(2)), 3), e,
                    EgnnReference.rows(BlockTesting.doubles(in.get(4)), 2));
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
            assertTrue(msg.contains("Egnn") && msg.contains("4 layers"), msg);
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
        assertRefused("input 'h' has width 2", (in, m) -> in.set(0, m.zeros(new Shape(10, 2))));
        assertRefused("input 'x' must have rank 2", (in, m) -> in.set(1, m.zeros(new Shape(10, 3, 1))));
        assertRefused("input 'v' has 9 rows but h has N = 10 rows", (in, m) -> in.set(2, m.zeros(new Shape(9, 3))));
        assertRefused("input 'edgeAttr' has 39 rows but edgeIndex has E = 40", (in, m) -> in.set(4,
                m.zeros(new Shape(39, 2))));
        assertRefused("input 'edgeIndex' must be (2, E)", (in, m) -> in.set(3, m.zeros(new Shape(3, 40),
                DataType.INT64)));
        assertRefused("input 'x' contains NaN", (in, m) -> {
            NDArray x = in.get(1).duplicate();
            x.set(new NDIndex("3, 1"), Float.NaN);
            in.set(1, x);
        });
        assertRefused("expects 5 inputs", (in, m) -> in.remove(4));
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
            NDArray target = in.get(1).add(in.get(2).mul(0.5)); // x + v dt: the velocity term must learn 0.5
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
            NDArray target = in.get(1).add(in.get(2).mul(0.5));
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
