// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.check.EquivarianceChecker;
import org.junit.jupiter.api.Test;

class SegnnTest {

    private static final Irreps IN = Irreps.parse("2x1o+1x0e");
    private static final Irreps ATTR = Irreps.parse("1x0e+1x1o+1x2e");
    private static final Irreps HIDDEN = Irreps.parse("8x0e+4x1o+2x2e");

    private static double tol(DataType dt) {
        return dt == DataType.FLOAT32 ? TestSupport.TOL32 : TestSupport.TOL64;
    }

    @Test
    void layerIsEquivariant() {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = TestSupport.manager()) {
                SegnnLayer layer = SegnnLayer.builder().setHiddenIrreps(HIDDEN).setEdgeAttrIrreps(ATTR)
                        .setNodeAttrIrreps(ATTR).optEdgeScalars(2).build();
                NDList in = GraphFixtures.fullyConnected(m, dt, HIDDEN, ATTR, 2, 3, 4);
                layer.initialize(m, dt, in.getShapes());
                EquivarianceChecker.builder().build().check(layer, in).assertBelow(tol(dt));
            }
        }
    }

    @Test
    void nodeAndGraphModelsAreEquivariant() {
        for (Task task : Task.values()) {
            for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                try (NDManager m = TestSupport.manager()) {
                    Segnn model = Segnn.builder().setInputIrreps(IN).setHiddenIrreps(HIDDEN)
                            .setOutputIrreps(task == Task.NODE ? Irreps.parse("1x1o") : Irreps.parse("1x0e"))
                            .setNodeAttrIrreps(ATTR).setEdgeAttrIrreps(ATTR).optEdgeScalars(2).optNumLayers(2)
                            .optTask(task).build();
                    NDList in = GraphFixtures.fullyConnected(m, dt, IN, ATTR, 2, 3, 5, 4);
                    model.initialize(m, dt, in.getShapes());
                    EquivarianceChecker.builder().build().check(model, in).assertBelow(tol(dt));
                }
            }
        }
    }

    @Test
    void seConvolutionsAreEquivariant() {
        for (Convolution conv : new Convolution[] {Convolution.SE_LINEAR, Convolution.SE_NONLINEAR}) {
            for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                try (NDManager m = TestSupport.manager()) {
                    Segnn model = Segnn.builder().setInputIrreps(IN).setHiddenIrreps(HIDDEN)
                            .setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(ATTR).setEdgeAttrIrreps(ATTR)
                            .optEdgeScalars(2).optNumLayers(2).optConvolution(conv).optNorm(FeatureNorm.INSTANCE).build();
                    NDList in = GraphFixtures.fullyConnected(m, dt, IN, ATTR, 2, 3, 5);
                    model.initialize(m, dt, in.getShapes());
                    EquivarianceChecker.builder().build().check(model, in).assertBelow(tol(dt));
                }
            }
        }
    }

    @Test
    void wrongInputsNameTheModel() {
        try (NDManager m = TestSupport.manager()) {
            Segnn model = Segnn.builder().setInputIrreps(IN).setHiddenIrreps(HIDDEN).setOutputIrreps(Irreps.parse("1x1o"))
                    .setNodeAttrIrreps(ATTR).setEdgeAttrIrreps(ATTR).optEdgeScalars(2).optNumLayers(1).build();
            NDList in = GraphFixtures.fullyConnected(m, DataType.FLOAT32, IN, ATTR, 2, 3, 4);
            model.initialize(m, DataType.FLOAT32, in.getShapes());
            ParameterStore ps = new ParameterStore(m, false);
            NDList noScalars = GraphFixtures.fullyConnected(m, DataType.FLOAT32, IN, ATTR, 1, 3, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(ps, noScalars, false));
            assertTrue(e.getMessage().startsWith("Segnn(") && e.getMessage().contains("edgeScalars"), e.getMessage());
            NDList shortList = new NDList(in.get(0), in.get(1));
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> model.forward(ps, shortList, false));
            assertTrue(e2.getMessage().startsWith("Segnn(") && e2.getMessage().contains("expected at least 8 arrays"),
                    e2.getMessage());
        }
    }
}
