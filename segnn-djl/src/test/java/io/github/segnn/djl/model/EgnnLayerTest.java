// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.segnn.djl.BlockTesting;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.graph.Graphs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EgnnLayerTest {

    static final int H = 5;
    static final int K = 2;

    enum Precision {
        FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

        final DataType dt;

        Precision(DataType dt) {
            this.dt = dt;
        }
    }

    /** Two fully connected graphs (4 and 3 nodes) plus node 7, which only sends an edge. */
    static long[][] edges() {
        long[][] fc = Graphs.fullyConnected(4, 3);
        int e = fc[0].length;
        long[][] out = new long[2][e + 1];
        System.arraycopy(fc[0], 0, out[0], 0, e);
        System.arraycopy(fc[1], 0, out[1], 0, e);
        out[0][e] = 7;
        out[1][e] = 6;
        return out;
    }

    static NDList inputs(NDManager m, DataType dt, int width, long seed) {
        long[][] e = edges();
        int n = 8;
        // one graph of all 8 nodes: node 7's edge joins the two fully connected parts
        return GraphBatch.builder().setPositions(TestSupport.randn(m, seed + 1, dt, n, 3).mul(1.5))
                .setNodeFeatures(TestSupport.randn(m, seed, dt, n, width)).setEdgeIndex(Graphs.toNDArray(m, e))
                .optNodeAttr(TestSupport.randn(m, seed + 2, dt, n, 3))
                .optEdgeAttr(TestSupport.randn(m, seed + 3, dt, e[0].length, K)).build().toNDList();
    }

    static EgnnLayer layer(NDManager m, DataType dt, NDList in) {
        EgnnLayer layer = EgnnLayer.builder().setHiddenFeatures(H).setEdgeFeatures(K).build();
        layer.initialize(m, dt, in.getShapes());
        // the official gain-0.001 init makes the coordinate MLP almost silent: widen it for the test
        Parameter last = layer.getChildren().get("03coordMlp").getParameters().get("03Linear_weight");
        BlockTesting.assign(last, BlockTesting.uniform(5, H, -0.5, 0.5));
        return layer;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void matchesHandComputation(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            NDList in = inputs(m, p.dt, H, 10);
            EgnnLayer layer = layer(m, p.dt, in);
            NDList out = layer.forward(new ParameterStore(m, false), in, false);
            NDArray h = out.get(GraphBatch.NODE_FEATURES);
            NDArray x = out.get(GraphBatch.POSITIONS);
            assertEquals(new Shape(8, H), h.getShape());
            assertEquals(new Shape(8, 3), x.getShape());
            double[][][] want = EgnnReference.layer(layer,
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.NODE_FEATURES)), H),
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.POSITIONS)), 3),
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.NODE_ATTR)), 3), edges(),
                    EgnnReference.rows(BlockTesting.doubles(in.get(GraphBatch.EDGE_ATTR)), K), 1.0);
            double errH = TestSupport.relativeError(h, m.create(EgnnReference.flat(want[0]), new Shape(8, H)));
            double errX = TestSupport.relativeError(x, m.create(EgnnReference.flat(want[1]), new Shape(8, 3)));
            double tol = BlockTesting.numericTolerance(p.dt);
            assertTrue(errH < tol && errX < tol, p + ": h error " + errH + ", x error " + errX);
            // the coordinate update moved the points: the test is not vacuous
            assertTrue(TestSupport.relativeError(x, in.get(GraphBatch.POSITIONS)) > 1e-3);
            // the rest of the batch passes through, so that layers chain
            assertEquals(in.get(GraphBatch.EDGE_INDEX), out.get(GraphBatch.EDGE_INDEX));
            assertEquals(in.get(GraphBatch.NODE_ATTR), out.get(GraphBatch.NODE_ATTR));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void isEquivariant(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            NDList in = inputs(m, p.dt, H, 20);
            EgnnLayer layer = layer(m, p.dt, in);
            EquivarianceChecker.builder().build().check(layer, in)
                    .assertBelow(p.dt == DataType.FLOAT64 ? TestSupport.TOL64 : TestSupport.TOL32);
        }
    }

    @Test
    void worksWithoutEdgeFeaturesAndSavesAndLoads() throws MalformedModelException {
        try (NDManager m = TestSupport.manager()) {
            NDList in = inputs(m, DataType.FLOAT64, H, 30);
            in.set(GraphBatch.EDGE_ATTR, m.zeros(new Shape(in.get(GraphBatch.EDGE_INDEX).getShape().get(1), 0),
                    DataType.FLOAT64));
            EgnnLayer layer = EgnnLayer.builder().setHiddenFeatures(H).setEdgeFeatures(0).build();
            layer.initialize(m, DataType.FLOAT64, in.getShapes());
            NDList out = layer.forward(new ParameterStore(m, false), in, false);
            EquivarianceChecker.builder().build().check(layer, in).assertBelow(TestSupport.TOL64);
            EgnnLayer loaded = EgnnLayer.builder().setHiddenFeatures(H).setEdgeFeatures(0).build();
            BlockTesting.load(loaded, m, BlockTesting.save(layer));
            NDList again = loaded.forward(new ParameterStore(m, false), in, false);
            assertEquals(0, TestSupport.relativeError(again.get(GraphBatch.NODE_FEATURES), out.get(GraphBatch.NODE_FEATURES)));
            assertEquals(0, TestSupport.relativeError(again.get(GraphBatch.POSITIONS), out.get(GraphBatch.POSITIONS)));
            EgnnLayer other = EgnnLayer.builder().setHiddenFeatures(H).setEdgeFeatures(0).optRecurrent(false).build();
            String msg = assertThrows(MalformedModelException.class,
                    () -> BlockTesting.load(other, m, BlockTesting.save(layer))).getMessage();
            assertTrue(msg.contains("EgnnLayer") && msg.contains("recurrent"), msg);
        }
    }

    @Test
    void initializationFollowsPyTorch() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = inputs(m, DataType.FLOAT64, 64, 40);
            EgnnLayer layer = EgnnLayer.builder().setHiddenFeatures(64).setEdgeFeatures(K).build();
            layer.initialize(m, DataType.FLOAT64, in.getShapes());
            NDArray w0 = layer.getChildren().get("01edgeMlp").getParameters().get("01Linear_weight").getArray();
            assertEquals(new Shape(64, 2 * 64 + 1 + K), w0.getShape());
            double bound = 1 / Math.sqrt(2 * 64 + 1 + K);
            double max = w0.abs().max().getDouble();
            assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " vs bound " + bound);
            NDArray b0 = layer.getChildren().get("01edgeMlp").getParameters().get("01Linear_bias").getArray();
            assertTrue(b0.abs().max().getDouble() > 0.5 * bound, "bias is not zero-initialized as DJL's default");
            NDArray last = layer.getChildren().get("03coordMlp").getParameters().get("03Linear_weight").getArray();
            assertEquals(new Shape(1, 64), last.getShape());
            assertTrue(last.abs().max().getDouble() <= 0.001 * Math.sqrt(6.0 / 65));
            assertEquals(List.of("01Linear_weight"), layer.getChildren().get("03coordMlp").getParameters().keys()
                    .subList(0, 1));
            assertEquals(3, layer.getChildren().get("03coordMlp").getParameters().size(), "last layer has no bias");
        }
    }
}
