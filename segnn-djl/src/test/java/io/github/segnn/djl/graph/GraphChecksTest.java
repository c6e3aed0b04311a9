// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.djl.internal.GraphCheckScope;
import io.github.segnn.djl.model.Egnn;
import io.github.segnn.djl.model.Segnn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The structural checks at the entry of the models' forward passes: each bad input is reported
 * with the Block's name and the input at fault; the switch turns them off.
 */
class GraphChecksTest {

    private static final Irreps IN = Irreps.parse("2x1o+1x0e");
    private static final Irreps ATTR = Irreps.parse("1x0e+1x1o");
    private static final Irreps HIDDEN = Irreps.parse("4x0e+2x1o");

    @AfterEach
    void checksOnAgain() {
        GraphChecks.setEnabled(true);
    }

    private static Segnn segnn(NDManager m, NDList in) {
        Segnn model = Segnn.builder().setInputIrreps(IN).setHiddenIrreps(HIDDEN).setOutputIrreps(Irreps.parse("1x1o"))
                .setNodeAttrIrreps(ATTR).setEdgeAttrIrreps(ATTR).optEdgeScalars(1).optNumLayers(1).build();
        model.initialize(m, DataType.FLOAT32, in.getShapes());
        return model;
    }

    /** Two graphs of 3 and 4 nodes, fully connected: 6 + 12 edges. */
    private static NDList batch(NDManager m) {
        return GraphFixtures.fullyConnected(m, DataType.FLOAT32, IN, ATTR, 1, 3, 4);
    }

    private static NDList with(NDList in, int index, NDArray replacement) {
        NDList out = new NDList();
        for (int i = 0; i < in.size(); i++) {
            out.add(i == index ? replacement : in.get(i));
        }
        return out;
    }

    private static String failure(Segnn model, NDManager m, NDList in) {
        ParameterStore ps = new ParameterStore(m, false);
        return assertThrows(IllegalArgumentException.class, () -> model.forward(ps, in, false)).getMessage();
    }

    private static NDArray edgeIndexWith(NDManager m, NDList in, int row, int column, long value) {
        long[] ei = in.get(GraphBatch.EDGE_INDEX).toLongArray();
        long e = in.get(GraphBatch.EDGE_INDEX).getShape().get(1);
        ei[(int) (row * e + column)] = value;
        return m.create(ei, new Shape(2, e));
    }

    @Test
    void badIndicesAndCountsNameTheBlockAndTheInput() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = batch(m);
            Segnn model = segnn(m, in);
            String name = failure(model, m, with(in, GraphBatch.EDGE_INDEX, edgeIndexWith(m, in, 1, 2, 7)));
            assertTrue(name.startsWith("Segnn(") && name.contains("edgeIndex[1][2] = 7 is out of range [0, N = 7)"),
                    name);
            String negative = failure(model, m, with(in, GraphBatch.EDGE_INDEX, edgeIndexWith(m, in, 0, 0, -1)));
            assertTrue(negative.contains("edgeIndex[0][0] = -1 is out of range"), negative);
            // edge 0 goes from node 1 of graph 0 to node 0: point its source at node 5 of graph 1
            String crossing = failure(model, m, with(in, GraphBatch.EDGE_INDEX, edgeIndexWith(m, in, 0, 0, 5)));
            assertTrue(crossing.contains("edge 0 joins node 5 of graph 1 to node") && crossing.contains("of graph 0"),
                    crossing);
            String counts = failure(model, m, with(in, GraphBatch.NODE_COUNTS, m.create(new long[] {3, 3})));
            assertTrue(counts.contains("nodeCounts sum to 6 but x has N = 7 rows"), counts);
            String graph = failure(model, m, with(in, GraphBatch.GRAPH_INDEX,
                    m.create(new long[] {0, 0, 0, 1, 1, 1, 2})));
            assertTrue(graph.contains("graphIndex[6] = 2 is out of range [0, G = 2)"), graph);
        }
    }

    @Test
    void float64InputsToAFloat32ModelAreNamed() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = batch(m);
            Segnn model = segnn(m, in);
            NDList doubles = GraphFixtures.fullyConnected(m, DataType.FLOAT64, IN, ATTR, 1, 3, 4);
            String msg = failure(model, m, doubles);
            assertTrue(msg.startsWith("Segnn(") && msg.contains("input 'x' is float64 but the model's parameters are"
                    + " float32"), msg);
        }
    }

    @Test
    void irrepsWidthMismatchIsNamed() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = batch(m);
            Segnn model = segnn(m, in);
            String msg = failure(model, m, with(in, GraphBatch.NODE_FEATURES, m.zeros(new Shape(7, 5))));
            assertTrue(msg.contains("input 'nodeFeatures' has width 5 but irreps " + IN + " have dimension 7"), msg);
        }
    }

    @Test
    void egnnChecksItsEdgesToo() {
        try (NDManager m = TestSupport.manager()) {
            long[][] full = Graphs.fullyConnected(4);
            NDArray edges = Graphs.toNDArray(m, full);
            long e = edges.getShape().get(1);
            NDList in = GraphBatch.builder().setPositions(m.randomNormal(new Shape(4, 3)))
                    .setNodeFeatures(m.ones(new Shape(4, 1))).setEdgeIndex(edges)
                    .optNodeAttr(m.randomNormal(new Shape(4, 3))).optEdgeAttr(m.ones(new Shape(e, 2)))
                    .optValidateValues(false).build().toNDList();
            Egnn model = Egnn.builder().setNodeFeatures(1).setEdgeFeatures(2).optNumLayers(1).build();
            model.initialize(m, DataType.FLOAT32, in.getShapes());
            long[] bad = edges.toLongArray();
            bad[3] = 9;
            NDList badIn = with(in, GraphBatch.EDGE_INDEX, m.create(bad, new Shape(2, e)));
            ParameterStore ps = new ParameterStore(m, false);
            String msg = assertThrows(IllegalArgumentException.class, () -> model.forward(ps, badIn, false)).getMessage();
            assertTrue(msg.startsWith("Egnn") && msg.contains("edgeIndex[0][3] = 9 is out of range [0, N = 4)"), msg);
        }
    }

    @Test
    void theSwitchTurnsTheValueChecksOff() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = batch(m);
            Segnn model = segnn(m, in);
            NDList crossing = with(in, GraphBatch.EDGE_INDEX, edgeIndexWith(m, in, 0, 0, 5));
            failure(model, m, crossing);
            GraphChecks.setEnabled(false);
            assertEquals(false, GraphChecks.isEnabled());
            // an edge between graphs is a valid index: without the checks the model computes on
            ParameterStore ps = new ParameterStore(m, false);
            assertDoesNotThrow(() -> model.forward(ps, crossing, false));
        }
    }

    @Test
    void aNestedForwardPassOfACheckedModelIsNotCheckedAgain() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = batch(m);
            Segnn model = segnn(m, in);
            NDList crossing = with(in, GraphBatch.EDGE_INDEX, edgeIndexWith(m, in, 0, 0, 5));
            ParameterStore ps = new ParameterStore(m, false);
            assertDoesNotThrow(() -> GraphCheckScope.alreadyChecked(() -> model.forward(ps, crossing, false)));
            assertEquals(false, GraphCheckScope.isActive());
            failure(model, m, crossing);
        }
    }

    @Test
    void equivarianceCheckerSaysTheBatchIsEmpty() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = batch(m);
            Segnn model = segnn(m, in);
            NDList empty = GraphBatch.builder().setPositions(m.zeros(new Shape(0, 3)))
                    .setNodeFeatures(m.zeros(new Shape(0, IN.dim())))
                    .setEdgeIndex(m.zeros(new Shape(2, 0), DataType.INT64))
                    .optGraphs(m.zeros(new Shape(0), DataType.INT64), m.zeros(new Shape(0), DataType.INT64))
                    .optNodeAttr(m.zeros(new Shape(0, ATTR.dim()))).optEdgeAttr(m.zeros(new Shape(0, ATTR.dim())))
                    .optEdgeScalars(m.zeros(new Shape(0, 1))).build().toNDList();
            String msg = assertThrows(IllegalArgumentException.class,
                    () -> EquivarianceChecker.builder().build().check(model, empty)).getMessage();
            assertTrue(msg.startsWith("EquivarianceChecker: the inputs have no node (an empty batch)"), msg);
            String none = assertThrows(IllegalArgumentException.class,
                    () -> EquivarianceChecker.builder().build().check(model, new NDList())).getMessage();
            assertTrue(none.startsWith("EquivarianceChecker: no input to transform"), none);
        }
    }
}
