// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.djl.BlockTesting;
import io.github.segnn.djl.TestSupport;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GraphBatchTest {

    enum Precision {
        FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

        final DataType dt;

        Precision(DataType dt) {
            this.dt = dt;
        }
    }

    /** One fully connected graph of n nodes with a node, an edge and a graph extra. */
    static GraphBatch single(NDManager m, DataType dt, int n, long seed) {
        long[][] e = Graphs.fullyConnected(n);
        return GraphBatch.builder().setPositions(TestSupport.randn(m, seed, dt, n, 3))
                .setNodeFeatures(TestSupport.randn(m, seed + 1, dt, n, 2)).setEdgeIndex(Graphs.toNDArray(m, e))
                .optNodeAttr(TestSupport.randn(m, seed + 5, dt, n, 4))
                .optEdgeAttr(TestSupport.randn(m, seed + 6, dt, e[0].length, 4))
                .optEdgeScalars(TestSupport.randn(m, seed + 7, dt, e[0].length, 2))
                .addNodeExtra("charge", TestSupport.randn(m, seed + 2, dt, n, 1))
                .addEdgeExtra("qq", TestSupport.randn(m, seed + 3, dt, e[0].length))
                .addGraphExtra("energy", TestSupport.randn(m, seed + 4, dt, 1, 2)).build();
    }

    static void assertSameBatch(GraphBatch want, GraphBatch got) {
        assertEquals(want.numNodes(), got.numNodes());
        assertEquals(want.numEdges(), got.numEdges());
        assertEquals(want.numGraphs(), got.numGraphs());
        assertEquals(want.extraNames(), got.extraNames());
        NDList a = want.toNDList();
        NDList b = got.toNDList();
        for (int k = 0; k < a.size(); k++) {
            assertEquals(a.get(k).getShape(), b.get(k).getShape(), "array " + k);
            assertEquals(a.get(k).getDataType(), b.get(k).getDataType(), "array " + k);
            assertArrayEquals(BlockTesting.doubles(a.get(k)), BlockTesting.doubles(b.get(k)), "array " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void singleGraphDefaultsAndShapes(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            GraphBatch b = single(m, p.dt, 4, 1);
            assertEquals(4, b.numNodes());
            assertEquals(12, b.numEdges());
            assertEquals(1, b.numGraphs());
            assertArrayEquals(new long[] {0, 0, 0, 0}, b.graphIndex().toLongArray());
            assertArrayEquals(new long[] {4}, b.nodeCounts().toLongArray());
            assertEquals(GraphBatch.Level.EDGE, b.extraLevel("qq"));
            NDList list = b.toNDList();
            assertEquals(GraphBatch.FIRST_EXTRA + 3, list.size());
            assertEquals(GraphBatch.NAMES.size(), GraphBatch.FIRST_EXTRA);
            for (int k = 0; k < GraphBatch.FIRST_EXTRA; k++) {
                assertEquals(GraphBatch.NAMES.get(k), list.get(k).getName());
            }
            assertEquals(new Shape(4, 4), list.get(GraphBatch.NODE_ATTR).getShape());
            assertEquals(new Shape(12, 2), list.get(GraphBatch.EDGE_SCALARS).getShape());
            assertEquals("node:charge", list.get(GraphBatch.FIRST_EXTRA).getName());
            assertEquals("edge:qq", list.get(GraphBatch.FIRST_EXTRA + 1).getName());
            assertEquals("graph:energy", list.get(GraphBatch.FIRST_EXTRA + 2).getName());
            assertSameBatch(b, GraphBatch.fromNDList(list));
            String msg = assertThrows(IllegalArgumentException.class, () -> b.extra("mass")).getMessage();
            assertTrue(msg.contains("mass") && msg.contains("charge"), msg);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void concatShiftsIndicesAndPartitionUndoesIt(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            List<GraphBatch> parts = List.of(single(m, p.dt, 3, 10), single(m, p.dt, 2, 20), single(m, p.dt, 4, 30));
            GraphBatch b = GraphBatch.concat(parts);
            assertEquals(9, b.numNodes());
            assertEquals(6 + 2 + 12, b.numEdges());
            assertEquals(3, b.numGraphs());
            assertArrayEquals(new long[] {0, 0, 0, 1, 1, 2, 2, 2, 2}, b.graphIndex().toLongArray());
            assertArrayEquals(new long[] {3, 2, 4}, b.nodeCounts().toLongArray());
            assertEquals(DataType.INT64, b.edgeIndex().getDataType());
            long[] ei = b.edgeIndex().toLongArray();
            // graph 1's edges (4 -> 3, 3 -> 4) come after graph 0's six, shifted by 3 nodes
            assertArrayEquals(new long[] {4, 3}, new long[] {ei[6], ei[7]});
            assertArrayEquals(new long[] {3, 4}, new long[] {ei[20 + 6], ei[20 + 7]});
            assertEquals(new Shape(3, 2), b.extra("energy").getShape());
            assertEquals(new Shape(20), b.extra("qq").getShape());
            b.validate();
            List<GraphBatch> back = b.partition(1);
            assertEquals(3, back.size());
            for (int g = 0; g < 3; g++) {
                assertSameBatch(parts.get(g), back.get(g));
            }
            assertSameBatch(GraphBatch.concat(parts.subList(1, 3)), b.graphs(1, 3));
            List<GraphBatch> pairs = b.partition(2);
            assertEquals(2, pairs.size());
            assertSameBatch(GraphBatch.concat(parts.subList(0, 2)), pairs.get(0));
            assertSameBatch(parts.get(2), pairs.get(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void graphsWithoutEdgesOrNodesSurviveConcatAndPartition(Precision p) {
        try (NDManager m = TestSupport.manager()) {
            GraphBatch lonely = single(m, p.dt, 1, 40);
            GraphBatch empty = GraphBatch.builder().setPositions(m.zeros(new Shape(0, 3), p.dt))
                    .setNodeFeatures(m.zeros(new Shape(0, 2), p.dt)).setEdgeIndex(m.zeros(new Shape(2, 0), DataType.INT64))
                    .optNodeAttr(m.zeros(new Shape(0, 4), p.dt)).optEdgeAttr(m.zeros(new Shape(0, 4), p.dt))
                    .optEdgeScalars(m.zeros(new Shape(0, 2), p.dt))
                    .addNodeExtra("charge", m.zeros(new Shape(0, 1), p.dt)).addEdgeExtra("qq", m.zeros(new Shape(0), p.dt))
                    .addGraphExtra("energy", m.zeros(new Shape(1, 2), p.dt)).build();
            GraphBatch b = GraphBatch.concat(List.of(lonely, empty, single(m, p.dt, 2, 50)));
            b.validate();
            List<GraphBatch> back = b.partition(1);
            assertSameBatch(lonely, back.get(0));
            assertSameBatch(empty, back.get(1));
            assertEquals(2, back.get(2).numEdges());
        }
    }

    private static void assertRefused(String expected, BiConsumer<GraphBatch.Builder, NDManager> edit) {
        try (NDManager m = TestSupport.manager()) {
            long[][] e = Graphs.fullyConnected(3, 2);
            GraphBatch.Builder b = GraphBatch.builder().setPositions(TestSupport.randn(m, 1, DataType.FLOAT32, 5, 3))
                    .setNodeFeatures(m.ones(new Shape(5, 2))).setEdgeIndex(Graphs.toNDArray(m, e))
                    .optGraphs(m.create(new long[] {0, 0, 0, 1, 1}), m.create(new long[] {3, 2}));
            b.build();
            edit.accept(b, m);
            String msg = assertThrows(IllegalArgumentException.class, b::build).getMessage();
            assertTrue(msg.startsWith("GraphBatch") && msg.contains(expected), msg);
        }
    }

    @org.junit.jupiter.api.Test
    void badBatchesAreRefusedNamingTheArray() {
        assertRefused("edgeIndex[1][1] = 7 is out of range [0, N = 5)",
                (b, m) -> b.setEdgeIndex(m.create(new long[] {1, 2, 0, 7}, new Shape(2, 2))));
        assertRefused("nodeFeatures has 4 rows but positions has N = 5",
                (b, m) -> b.setNodeFeatures(m.ones(new Shape(4, 2))));
        assertRefused("positions contains NaN at row 1, column 2", (b, m) -> {
            NDArray x = m.zeros(new Shape(5, 3));
            x.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Float.NaN);
            b.setPositions(x);
        });
        assertRefused("positions must be (N, 3)", (b, m) -> b.setPositions(m.zeros(new Shape(5, 2))));
        assertRefused("edge 1 joins node 3 of graph 1 to node 0 of graph 0",
                (b, m) -> b.setEdgeIndex(m.create(new long[] {1, 3, 0, 0}, new Shape(2, 2))));
        assertRefused("graphIndex must be sorted", (b, m) -> {
            b.setEdgeIndex(m.zeros(new Shape(2, 0), DataType.INT64));
            b.optGraphs(m.create(new long[] {0, 1, 0, 1, 1}), m.create(new long[] {2, 3}));
        });
        assertRefused("nodeCounts sum to 6",
                (b, m) -> b.optGraphs(m.create(new long[] {0, 0, 0, 1, 1}), m.create(new long[] {3, 3})));
        assertRefused("edgeIndex must be int64",
                (b, m) -> b.setEdgeIndex(m.create(new int[] {1, 0, 0, 1}, new Shape(2, 2))));
        assertRefused("EDGE-level extra 'qq' has 3 rows but edgeIndex has E = 8",
                (b, m) -> b.addEdgeExtra("qq", m.ones(new Shape(3))));
        assertRefused("NODE-level extra 'v' contains Infinity at row 0",
                (b, m) -> b.addNodeExtra("v", m.create(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0, 0})));
    }

    @org.junit.jupiter.api.Test
    void fromNDListNeedsNamedExtrasAndConcatNeedsMatchingOnes() {
        try (NDManager m = TestSupport.manager()) {
            GraphBatch b = single(m, DataType.FLOAT32, 3, 1);
            NDList list = b.toNDList();
            NDArray unnamed = m.ones(new Shape(3));
            list.add(unnamed);
            String msg = assertThrows(IllegalArgumentException.class, () -> GraphBatch.fromNDList(list)).getMessage();
            assertTrue(msg.contains("array " + (GraphBatch.FIRST_EXTRA + 3)) && msg.contains("node:NAME"), msg);
            GraphBatch plain = GraphBatch.builder().setPositions(m.zeros(new Shape(2, 3)))
                    .setNodeFeatures(m.zeros(new Shape(2, 2))).setEdgeIndex(Graphs.toNDArray(m, Graphs.fullyConnected(2)))
                    .build();
            msg = assertThrows(IllegalArgumentException.class, () -> GraphBatch.concat(List.of(b, plain))).getMessage();
            assertTrue(msg.contains("extras") && msg.contains("charge"), msg);
            GraphBatch otherAttr = b.toBuilder().optNodeAttr(m.zeros(new Shape(3, 1))).build();
            msg = assertThrows(IllegalArgumentException.class, () -> GraphBatch.concat(List.of(b, otherAttr)))
                    .getMessage();
            assertTrue(msg.contains("nodeAttr of width 1") && msg.contains("batch 0 has 4"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> b.toBuilder()
                    .optEdgeScalars(m.zeros(new Shape(5, 2))).build()).getMessage();
            assertTrue(msg.contains("edgeScalars has 5 rows but edgeIndex has E = 6"), msg);
        }
    }
}
