// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.BlockTesting;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InstanceNormTest {

    private static final Irreps IRREPS = Irreps.parse("3x0e+2x1o+1x2e+1x0o+1x0e");
    private static final long[] GRAPH = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
    private static final long[] COUNTS = {5, 4, 3};

    enum Precision {
        FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

        final DataType dt;

        Precision(DataType dt) {
            this.dt = dt;
        }
    }

    private static InstanceNorm block(NDManager m, DataType dt, IrrepNormalization norm) {
        InstanceNorm b = InstanceNorm.builder().setIrreps(IRREPS).optNormalization(norm).build();
        b.initialize(m, dt, new Shape(GRAPH.length, IRREPS.dim()), new Shape(GRAPH.length), new Shape(COUNTS.length));
        BlockTesting.assign(b.getWeight(), BlockTesting.uniform(7, IRREPS.numIrreps(), 0.5, 2));
        BlockTesting.assign(b.getBias(), BlockTesting.uniform(8, InstanceNorm.numScalars(IRREPS), -1, 1));
        return b;
    }

    private static NDList inputs(NDManager m, DataType dt, long seed) {
        NDArray x = TestSupport.randn(m, seed, dt, GRAPH.length, IRREPS.dim()).mul(2).add(0.5);
        return new NDList(x, m.create(GRAPH), m.create(COUNTS));
    }

    /** The official algorithm written with loops, with 0e-only centring and bias. */
    static double[] reference(double[] x, long[] graph, int graphs, Irreps irreps, double[] w, double[] b,
            IrrepNormalization norm, double eps) {
        int n = graph.length;
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
                for (int g = 0; g < graphs; g++) {
                    double cnt = 0;
                    double mean = 0;
                    for (int v = 0; v < n; v++) {
                        if (graph[v] == g) {
                            cnt++;
                            mean += x[v * dim + col];
                        }
                    }
                    mean = is0e ? mean / cnt : 0;
                    double sigma2 = 0;
                    for (int v = 0; v < n; v++) {
                        if (graph[v] == g) {
                            double s = 0;
                            for (int k = 0; k < d; k++) {
                                double z = x[v * dim + col + k] - mean;
                                s += z * z;
                            }
                            sigma2 += norm == IrrepNormalization.COMPONENT ? s / d : s;
                        }
                    }
                    sigma2 /= cnt;
                    double f = w[copy] / Math.sqrt(sigma2 + eps);
                    for (int v = 0; v < n; v++) {
                        if (graph[v] == g) {
                            for (int k = 0; k < d; k++) {
                                y[v * dim + col + k] = (x[v * dim + col + k] - mean) * f + (is0e ? b[scalar] : 0);
                            }
                        }
                    }
                }
                if (is0e) {
                    scalar++;
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void isEquivariantUnderO3AndNodePermutations(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            InstanceNorm b = block(m, p.dt, IrrepNormalization.COMPONENT);
            EquivarianceChecker.Report r = EquivarianceChecker.builder().optTrials(4).build().check(b, inputs(m, p.dt, 1));
            r.assertBelow(p.dt == DataType.FLOAT64 ? TestSupport.TOL64 : TestSupport.TOL32);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void matchesHandComputation(Precision p) {
        for (IrrepNormalization norm : IrrepNormalization.values()) {
            try (NDManager m = TestSupport.manager()) {
                InstanceNorm b = block(m, p.dt, norm);
                NDList in = inputs(m, p.dt, 2);
                NDArray y = b.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
                assertEquals(new Shape(GRAPH.length, IRREPS.dim()), y.getShape());
                assertEquals(p.dt, y.getDataType());
                double[] want = reference(BlockTesting.doubles(in.get(0)), GRAPH, COUNTS.length, IRREPS,
                        BlockTesting.doubles(b.getWeight().getArray()), BlockTesting.doubles(b.getBias().getArray()),
                        norm, 1e-5);
                NDArray expected = m.create(want, y.getShape());
                double err = TestSupport.relativeError(y, expected);
                assertTrue(err < BlockTesting.numericTolerance(p.dt), p + " " + norm + " error " + err);
            }
        }
    }

    @Test
    void defaultParametersNormalizeEachGraph() {
        try (NDManager m = TestSupport.manager()) {
            Irreps irreps = Irreps.parse("2x0e+1x1o");
            InstanceNorm b = InstanceNorm.builder().setIrreps(irreps).build();
            b.initialize(m, DataType.FLOAT64, new Shape(12, 5), new Shape(12), new Shape(3));
            assertArrayEquals(new double[] {1, 1, 1}, BlockTesting.doubles(b.getWeight().getArray()));
            assertArrayEquals(new double[] {0, 0}, BlockTesting.doubles(b.getBias().getArray()));
            NDArray x = TestSupport.randn(m, 3, DataType.FLOAT64, 12, 5).mul(3).add(1);
            NDArray y = b.forward(new ParameterStore(m, false), new NDList(x, m.create(GRAPH), m.create(COUNTS)), false)
                    .singletonOrThrow();
            // per graph: scalar columns have mean 0 and mean square 1/(1+eps/var); the vector has mean |v|^2/3 = 1
            for (int g = 0; g < 3; g++) {
                long from = g == 0 ? 0 : g == 1 ? 5 : 9;
                long to = from + COUNTS[g];
                NDArray rows = y.get(from + ":" + to);
                double[] mean = BlockTesting.doubles(rows.get(":, 0:2").mean(new int[] {0}));
                assertEquals(0, mean[0], 1e-12);
                assertEquals(0, mean[1], 1e-12);
                double[] ms = BlockTesting.doubles(rows.get(":, 0:2").square().mean(new int[] {0}));
                assertEquals(1, ms[0], 1e-4);
                assertEquals(1, ms[1], 1e-4);
                double vec = rows.get(":, 2:5").square().sum(new int[] {1}).mean().getDouble() / 3;
                assertEquals(1, vec, 1e-4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void saveLoadRoundTrip(Precision p) throws MalformedModelException {
        try (NDManager m = TestSupport.manager()) {
            InstanceNorm b = block(m, p.dt, IrrepNormalization.COMPONENT);
            NDList in = inputs(m, p.dt, 4);
            NDArray y = b.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            byte[] bytes = BlockTesting.save(b);
            InstanceNorm loaded = InstanceNorm.builder().setIrreps(IRREPS).build();
            BlockTesting.load(loaded, m, bytes);
            assertEquals(p.dt, loaded.getWeight().getArray().getDataType());
            NDArray y2 = loaded.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            assertEquals(0, TestSupport.relativeError(y2, y));
            assertArrayEquals(BlockTesting.doubles(b.getBias().getArray()),
                    BlockTesting.doubles(loaded.getBias().getArray()));

            InstanceNorm other = InstanceNorm.builder().setIrreps(Irreps.parse("3x0e+2x1o+1x2e+2x0e")).build();
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> BlockTesting.load(other, m, bytes));
            assertTrue(e.getMessage().contains("InstanceNorm") && e.getMessage().contains("3x0e+2x1o+1x2e+1x0o+1x0e"),
                    e.getMessage());
        }
    }

    @Test
    void irrepsWithoutScalarsHaveAnEmptyBiasThatSavesAndLoads() throws MalformedModelException {
        try (NDManager m = TestSupport.manager()) {
            Irreps irreps = Irreps.parse("2x1o+1x2e");
            InstanceNorm b = InstanceNorm.builder().setIrreps(irreps).build();
            b.initialize(m, DataType.FLOAT32, new Shape(4, 11), new Shape(4), new Shape(1));
            assertEquals(new Shape(0), b.getBias().getArray().getShape());
            NDArray x = TestSupport.randn(m, 5, DataType.FLOAT32, 4, 11);
            NDList in = new NDList(x, m.zeros(new Shape(4), DataType.INT64), m.create(new long[] {4}));
            NDArray y = b.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            InstanceNorm loaded = InstanceNorm.builder().setIrreps(irreps).build();
            BlockTesting.load(loaded, m, BlockTesting.save(b));
            assertEquals(0, TestSupport.relativeError(loaded.forward(new ParameterStore(m, false), in, false)
                    .singletonOrThrow(), y));
        }
    }

    @Test
    void refusesZeroMultiplicityAtBuildTime() {
        // BalancedIrreps(3, 20) of the official code: issue #9
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstanceNorm.builder().setIrreps(Irreps.parse("12x0e+1x1o+1x2e+0x3o")).build());
        assertTrue(e.getMessage().contains("InstanceNorm") && e.getMessage().contains("multiplicity 0")
                && e.getMessage().contains("0x3o") && e.getMessage().contains("12x0e+1x1o+1x2e"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InstanceNorm.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> InstanceNorm.builder().setIrreps(Irreps.parse("1x0e")).optEps(0).build());
    }

    @Test
    void badInputsFailWithClearMessages() {
        try (NDManager m = TestSupport.manager()) {
            InstanceNorm b = block(m, DataType.FLOAT32, IrrepNormalization.COMPONENT);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray gi = m.create(GRAPH);
            NDArray nc = m.create(COUNTS);
            NDArray wide = m.zeros(new Shape(12, IRREPS.dim() + 1));
            String msg = assertThrows(IllegalArgumentException.class,
                    () -> b.forward(ps, new NDList(wide, gi, nc), false)).getMessage();
            assertTrue(msg.contains("InstanceNorm") && msg.contains("width " + (IRREPS.dim() + 1)), msg);
            NDArray rank3 = m.zeros(new Shape(12, IRREPS.dim(), 1));
            msg = assertThrows(IllegalArgumentException.class, () -> b.forward(ps, new NDList(rank3, gi, nc), false))
                    .getMessage();
            assertTrue(msg.contains("rank 2"), msg);
            NDArray x = m.zeros(new Shape(12, IRREPS.dim()));
            NDArray shortIndex = m.create(new long[] {0, 0, 1});
            msg = assertThrows(IllegalArgumentException.class, () -> b.forward(ps, new NDList(x, shortIndex, nc), false))
                    .getMessage();
            assertTrue(msg.contains("graphIndex") && msg.contains("3 rows") && msg.contains("N = 12"), msg);
            NDArray floatIndex = m.zeros(new Shape(12));
            msg = assertThrows(IllegalArgumentException.class, () -> b.forward(ps, new NDList(x, floatIndex, nc), false))
                    .getMessage();
            assertTrue(msg.contains("int64"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> b.forward(ps, new NDList(x, gi), false))
                    .getMessage();
            assertTrue(msg.contains("3 inputs"), msg);
        }
    }

    @Test
    void graphIndexOutOfRangeIsReportedOnTheCpu() {
        assumeTrue(!TestSupport.device().isGpu(), "out-of-range indices trigger device asserts on a GPU");
        try (NDManager m = TestSupport.manager()) {
            InstanceNorm b = block(m, DataType.FLOAT32, IrrepNormalization.COMPONENT);
            NDArray x = m.zeros(new Shape(12, IRREPS.dim()));
            long[] bad = GRAPH.clone();
            bad[11] = 3;
            String msg = assertThrows(IllegalArgumentException.class, () -> b.forward(new ParameterStore(m, false),
                    new NDList(x, m.create(bad), m.create(COUNTS)), false)).getMessage();
            assertTrue(msg.contains("graphIndex") && msg.contains("G = 3"), msg);
        }
    }
}
