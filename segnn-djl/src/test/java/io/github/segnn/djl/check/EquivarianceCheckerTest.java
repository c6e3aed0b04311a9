// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.check;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.djl.model.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class EquivarianceCheckerTest {

    private static final Irreps IN = Irreps.parse("2x0e+1x1o");
    private static final Irreps ATTR = Irreps.parse("1x0e+1x1o");

    private static Segnn segnn(Task task, Irreps out) {
        return Segnn.builder().setInputIrreps(IN).setHiddenIrreps(Irreps.parse("4x0e+2x1o")).setOutputIrreps(out)
                .setNodeAttrIrreps(ATTR).setEdgeAttrIrreps(ATTR).optEdgeScalars(2).optNumLayers(1).optTask(task)
                .build();
    }

    @Test
    void checksAComposedBlockWithDeclaredIrreps() {
        try (NDManager m = TestSupport.manager()) {
            NDList in = GraphFixtures.fullyConnected(m, DataType.FLOAT64, IN, ATTR, 2, 3, 4);
            // a graph-level SEGNN with an ordinary DJL head on its invariant output
            SequentialBlock model = new SequentialBlock().add(segnn(Task.GRAPH, Irreps.parse("2x0e")))
                    .add(Linear.builder().setUnits(3).build());
            model.initialize(m, DataType.FLOAT64, in.getShapes());
            List<FeatureSlot> slots = GraphBatch.featureSlots(IN, ATTR, ATTR, 2);
            EquivarianceChecker checker = EquivarianceChecker.builder().build();
            checker.check(model, in, slots, List.of(FeatureSlot.graphIrreps(Irreps.parse("3x0e"))))
                    .assertBelow(TestSupport.TOL64);
            // a head that mixes the components of a vector output is not equivariant: the check must see it
            SequentialBlock broken = new SequentialBlock().add(segnn(Task.NODE, Irreps.parse("1x1o")))
                    .add(Linear.builder().setUnits(3).build());
            broken.initialize(m, DataType.FLOAT64, in.getShapes());
            EquivarianceChecker.Report r = checker.check(broken, in, slots,
                    List.of(FeatureSlot.nodeIrreps(Irreps.parse("1x1o"))));
            assertTrue(r.maxRelativeError() > 1e-3, "a generic linear head on a vector passed: " + r);
        }
    }

    @Test
    void emptyBatchesAndUninitializedBlocksAreRefusedClearly() {
        try (NDManager m = TestSupport.manager()) {
            Segnn model = segnn(Task.NODE, Irreps.parse("1x1o"));
            NDList in = GraphFixtures.fullyConnected(m, DataType.FLOAT32, IN, ATTR, 2, 3);
            EquivarianceChecker checker = EquivarianceChecker.builder().build();
            String msg = assertThrows(IllegalArgumentException.class, () -> checker.check(model, in)).getMessage();
            assertTrue(msg.contains("not initialized"), msg);
            model.initialize(m, DataType.FLOAT32, in.getShapes());
            NDList empty = GraphBatch.builder().setPositions(m.zeros(new Shape(0, 3)))
                    .setNodeFeatures(m.zeros(new Shape(0, IN.dim()))).setEdgeIndex(m.zeros(new Shape(2, 0),
                            DataType.INT64))
                    .optGraphs(m.zeros(new Shape(0), DataType.INT64), m.zeros(new Shape(0), DataType.INT64))
                    .optNodeAttr(m.zeros(new Shape(0, ATTR.dim()))).optEdgeAttr(m.zeros(new Shape(0, ATTR.dim())))
                    .optEdgeScalars(m.zeros(new Shape(0, 2))).build().toNDList();
            msg = assertThrows(IllegalArgumentException.class, () -> checker.check(model, empty)).getMessage();
            assertTrue(msg.contains("empty batch"), msg);
        }
    }
}
