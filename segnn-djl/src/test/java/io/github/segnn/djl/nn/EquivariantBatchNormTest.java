// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.BlockTesting;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.djl.check.FeatureSlot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EquivariantBatchNormTest {

    private static final Irreps IRREPS = Irreps.parse("2x0e+1x1o+1x0o+1x2e");
    private static final int N = 9;

    enum Precision {
        FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

        final DataType dt;

        Precision(DataType dt) {
            this.dt = dt;
        }
    }

    private static EquivariantBatchNorm block(NDManager m, DataType dt) {
        EquivariantBatchNorm b = EquivariantBatchNorm.builder().setIrreps(IRREPS).build();
        b.initialize(m, dt, new Shape(N, IRREPS.dim()));
        BlockTesting.assign(b.getWeight(), BlockTesting.uniform(11, IRREPS.numIrreps(), 0.5, 2));
        BlockTesting.assign(b.getBias(), BlockTesting.uniform(12, 2, -1, 1));
        return b;
    }

    /** Batch statistics of e3nn's BatchNorm, by loops: {mean per 0e copy, var per copy}. */
    static double[][] batchStatistics(double[] x, Irreps irreps, int rows) {
        int dim = irreps.dim();
        double[] mean = new double[InstanceNorm.numScalars(irreps)];
        double[] var = new double[irreps.numIrreps()];
        int copy = 0;
        int scalar = 0;
        for (int c = 0; c < irreps.size(); c++) {
            MulIrrep block = irreps.get(c);
            int d = block.irrep().dim();
            for (int u = 0; u < block.mul(); u++, copy++) {
                int col = irreps.offset(c) + u * d;
                double mu = 0;
                if (block.irrep().isScalar()) {
                    for (int v = 0; v < rows; v++) {
                        mu += x[v * dim + col];
                    }
                    mu /= rows;
                    mean[scalar++] = mu;
                }
                double s = 0;
                for (int v = 0; v < rows; v++) {
                    for (int k = 0; k < d; k++) {
                        double z = x[v * dim + col + k] - mu;
                        s += z * z / d;
                    }
                }
                var[copy] = s / rows;
            }
        }
        return new double[][] {mean, var};
    }

    /** Applies given statistics as e3nn does: centre 0e, scale by w/sqrt(var+eps), add bias on 0e. */
    static double[] normalize(double[] x, Irreps irreps, int rows, double[] mean, double[] var, double[] w,
            double[] b) {
        int dim = irreps.dim();
        double[] y = new double[x.length];
        int copy = 0;
        int scalar = 0;
        for (int c = 0; c < irreps.size(); c++) {
            MulIrrep block = irreps.get(c);
            int d = block.irrep().dim();
            boolean is0e = block.irrep().isScalar();
            for (int u = 0; u < block.mul(); u++, copy++) {
                int col = irreps.offset(c) + u * d;
                double mu = is0e ? mean[scalar] : 0;
                double f = w[copy] / Math.sqrt(var[copy] + 1e-5);
                for (int v = 0; v < rows; v++) {
                    for (int k = 0; k < d; k++) {
                        y[v * dim + col + k] = (x[v * dim + col + k] - mu) * f + (is0e ? b[scalar] : 0);
                    }
                }
                if (is0e) {
                    scalar++;
                }
            }
        }
        return y;
    }

    private static void assertClose(double[] want, NDArray got, DataType dt, String what) {
        NDArray expected = got.getManager().create(want, got.getShape());
        double err = TestSupport.relativeError(got, expected);
        assertTrue(err < BlockTesting.numericTolerance(dt), what + " " + dt + " relative error " + err);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void trainingUsesBatchStatisticsAndUpdatesRunningStatisticsInferenceUsesThem(Precision p) {
        DataType dt = p.dt;
        try (NDManager m = TestSupport.manager()) {
            EquivariantBatchNorm b = block(m, dt);
            double[] w = BlockTesting.doubles(b.getWeight().getArray());
            double[] bias = BlockTesting.doubles(b.getBias().getArray());
            ParameterStore ps = new ParameterStore(m, false);
            double[] rm = new double[2];
            double[] rv = {1, 1, 1, 1, 1};
            assertArrayEquals(rm, BlockTesting.doubles(b.getRunningMean().getArray()));
            assertArrayEquals(rv, BlockTesting.doubles(b.getRunningVar().getArray()));
            for (int step = 0; step < 2; step++) {
                NDArray x = TestSupport.randn(m, 20 + step, dt, N, IRREPS.dim()).mul(1.5).add(0.7);
                double[] xs = BlockTesting.doubles(x);
                double[][] stats = batchStatistics(xs, IRREPS, N);
                NDArray y = b.forward(ps, new NDList(x), true).singletonOrThrow();
                assertClose(normalize(xs, IRREPS, N, stats[0], stats[1], w, bias), y, dt, "training output");
                for (int i = 0; i < rm.length; i++) {
                    rm[i] = 0.9 * rm[i] + 0.1 * stats[0][i];
                }
                for (int i = 0; i < rv.length; i++) {
                    rv[i] = 0.9 * rv[i] + 0.1 * stats[1][i];
                }
                assertClose(rm, b.getRunningMean().getArray(), dt, "running mean after step " + step);
                assertClose(rv, b.getRunningVar().getArray(), dt, "running var after step " + step);
            }
            NDArray x = TestSupport.randn(m, 30, dt, 4, IRREPS.dim());
            NDArray y = b.forward(ps, new NDList(x), false).singletonOrThrow();
            assertClose(normalize(BlockTesting.doubles(x), IRREPS, 4, rm, rv, w, bias), y, dt, "inference output");
            // inference leaves the running statistics alone
            assertClose(rm, b.getRunningMean().getArray(), dt, "running mean after inference");
            assertFalse(b.getRunningMean().requiresGradient());
            assertFalse(b.getRunningVar().requiresGradient());
        }
    }

    @Test
    void firstTrainingOutputOfDefaultBlockHasZeroMeanAndUnitComponentVariance() {
        try (NDManager m = TestSupport.manager()) {
            EquivariantBatchNorm b = EquivariantBatchNorm.builder().setIrreps(Irreps.parse("1x0e+1x1o")).build();
            b.initialize(m, DataType.FLOAT64, new Shape(50, 4));
            NDArray x = TestSupport.randn(m, 3, DataType.FLOAT64, 50, 4).mul(4).add(2);
            NDArray y = b.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            assertEquals(0, y.get(":, 0").mean().getDouble(), 1e-12);
            assertEquals(1, y.get(":, 0").square().mean().getDouble(), 1e-5);
            assertEquals(1, y.get(":, 1:4").square().mean().getDouble(), 1e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void isEquivariantInTrainingAndInference(Precision p) {
        double tol = p.dt == DataType.FLOAT64 ? TestSupport.TOL64 : TestSupport.TOL32;
        try (NDManager m = TestSupport.manager()) {
            EquivariantBatchNorm b = block(m, p.dt);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = TestSupport.randn(m, 5, p.dt, N, IRREPS.dim()).add(0.3);
            b.forward(ps, new NDList(x), true); // move the running statistics away from 0 and 1
            EquivarianceChecker checker = EquivarianceChecker.builder().build();
            checker.check(b, new NDList(x)).assertBelow(tol);
            List<FeatureSlot> slots = List.of(FeatureSlot.nodeIrreps(IRREPS));
            checker.check(in -> b.forward(ps, in, true), new NDList(x), slots, slots).assertBelow(tol);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void saveLoadRoundTripKeepsRunningStatistics(Precision p) throws MalformedModelException {
        try (NDManager m = TestSupport.manager()) {
            EquivariantBatchNorm b = block(m, p.dt);
            ParameterStore ps = new ParameterStore(m, false);
            b.forward(ps, new NDList(TestSupport.randn(m, 6, p.dt, N, IRREPS.dim()).add(1)), true);
            NDArray x = TestSupport.randn(m, 7, p.dt, 3, IRREPS.dim());
            NDArray y = b.forward(ps, new NDList(x), false).singletonOrThrow();
            byte[] bytes = BlockTesting.save(b);
            EquivariantBatchNorm loaded = EquivariantBatchNorm.builder().setIrreps(IRREPS).build();
            BlockTesting.load(loaded, m, bytes);
            List<String> names = loaded.getParameters().keys();
            assertEquals(List.of("weight", "bias", "runningMean", "runningVar"), names);
            assertArrayEquals(BlockTesting.doubles(b.getRunningVar().getArray()),
                    BlockTesting.doubles(loaded.getRunningVar().getArray()));
            NDArray y2 = loaded.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(0, TestSupport.relativeError(y2, y));
            EquivariantBatchNorm other = EquivariantBatchNorm.builder().setIrreps(IRREPS).optMomentum(0.2).build();
            String msg = assertThrows(MalformedModelException.class, () -> BlockTesting.load(other, m, bytes))
                    .getMessage();
            assertTrue(msg.contains("EquivariantBatchNorm") && msg.contains("momentum"), msg);
        }
    }

    @Test
    void badInputsAndSettingsFailWithClearMessages() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> EquivariantBatchNorm.builder().setIrreps(Irreps.parse("2x0e+0x1o")).build()).getMessage();
        assertTrue(msg.contains("EquivariantBatchNorm") && msg.contains("multiplicity 0"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> EquivariantBatchNorm.builder().setIrreps(IRREPS).optMomentum(1.5).build()).getMessage();
        assertTrue(msg.contains("momentum"), msg);
        try (NDManager m = TestSupport.manager()) {
            EquivariantBatchNorm b = block(m, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(m, false);
            msg = assertThrows(IllegalArgumentException.class,
                    () -> b.forward(ps, new NDList(m.zeros(new Shape(3, 7))), false)).getMessage();
            assertTrue(msg.contains("EquivariantBatchNorm(" + IRREPS + ")") && msg.contains("width 7"), msg);
            msg = assertThrows(IllegalArgumentException.class,
                    () -> b.forward(ps, new NDList(m.zeros(new Shape(IRREPS.dim()))), false)).getMessage();
            assertTrue(msg.contains("rank 2"), msg);
            msg = assertThrows(IllegalArgumentException.class,
                    () -> b.forward(ps, new NDList(m.zeros(new Shape(0, IRREPS.dim()))), true)).getMessage();
            assertTrue(msg.contains("at least one row"), msg);
        }
    }

    @Test
    void trainsAfterALinearLayerWithDjlTrainerAndUpdatesRunningStatistics() {
        Irreps scalars = Irreps.parse("4x0e");
        SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(4).build())
                .add(EquivariantBatchNorm.builder().setIrreps(scalars).build())
                .add(Linear.builder().setUnits(1).build());
        Loss mse = new Loss("mse") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                return predictions.singletonOrThrow().sub(labels.singletonOrThrow()).square().mean();
            }
        };
        try (Model model = Model.newInstance("bn"); NDManager m = TestSupport.manager()) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(mse)
                    .optDevices(new ai.djl.Device[] {TestSupport.device()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(32, 3));
                NDArray x = TestSupport.randn(m, 1, DataType.FLOAT32, 32, 3);
                NDArray target = x.sum(new int[] {1}, true).mul(2).add(1);
                Parameter rv = ((EquivariantBatchNorm) net.getChildren().get(1).getValue()).getRunningVar();
                double first = 0;
                double last = 0;
                for (int i = 0; i < 20; i++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray loss = mse.evaluate(new NDList(target), trainer.forward(new NDList(x)));
                        gc.backward(loss);
                        if (i == 0) {
                            first = loss.getFloat();
                        }
                        last = loss.getFloat();
                    }
                    trainer.step();
                }
                assertTrue(last < first, "loss " + first + " -> " + last);
                double[] var = BlockTesting.doubles(rv.getArray());
                assertFalse(var[0] == 1.0, "running variance was not updated through the Trainer");
            }
        }
    }
}
