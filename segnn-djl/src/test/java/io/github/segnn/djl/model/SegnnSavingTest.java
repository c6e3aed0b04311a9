// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.BlockTesting;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.ops.PathNormalization;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegnnSavingTest {

    private static final Irreps IN = Irreps.parse("2x0e+1x1o");
    private static final Irreps ATTR = Irreps.parse("1x0e+1x1o");

    private static Segnn model(Irreps hidden, FeatureNorm norm) {
        return Segnn.builder().setInputIrreps(IN).setHiddenIrreps(hidden).setOutputIrreps(Irreps.parse("1x0e"))
                .setNodeAttrIrreps(ATTR).setEdgeAttrIrreps(ATTR).optEdgeScalars(2).optNumLayers(2).optTask(Task.GRAPH)
                .optNorm(norm).build();
    }

    @Test
    void parametersRoundTripAndRefuseAnotherArchitectureNamingBoth(@TempDir Path dir) throws Exception {
        Irreps hidden = Irreps.parse("4x0e+2x1o");
        try (NDManager m = TestSupport.manager()) {
            NDList in = GraphFixtures.fullyConnected(m, DataType.FLOAT64, IN, ATTR, 2, 3, 4);
            Segnn a = model(hidden, FeatureNorm.INSTANCE);
            a.initialize(m, DataType.FLOAT64, in.getShapes());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray want = a.forward(ps, in, false).singletonOrThrow();
            byte[] bytes = BlockTesting.save(a);

            Segnn b = model(hidden, FeatureNorm.INSTANCE);
            b.initialize(m, DataType.FLOAT64, in.getShapes());
            BlockTesting.load(b, m, bytes);
            assertEquals(0, TestSupport.relativeError(b.forward(ps, in, false).singletonOrThrow(), want));

            Function<Segnn, String> refused = other -> {
                other.initialize(m, DataType.FLOAT64, in.getShapes());
                return assertThrows(MalformedModelException.class, () -> BlockTesting.load(other, m, bytes))
                        .getMessage();
            };
            String msg = refused.apply(model(Irreps.parse("8x0e+2x1o"), FeatureNorm.INSTANCE));
            assertTrue(msg.contains("4x0e+2x1o") && msg.contains("8x0e+2x1o"), msg);
            msg = refused.apply(model(hidden, FeatureNorm.NONE));
            assertTrue(msg.contains("norm INSTANCE") && msg.contains("norm NONE"), msg);

            // through DJL's Model.save / Model.load as a user would
            try (Model saved = Model.newInstance("segnn")) {
                saved.setBlock(a);
                saved.save(dir, "segnn");
            }
            try (Model loaded = Model.newInstance("segnn")) {
                Segnn c = model(hidden, FeatureNorm.INSTANCE);
                c.initialize(loaded.getNDManager(), DataType.FLOAT64, in.getShapes());
                loaded.setBlock(c);
                loaded.load(dir, "segnn");
                assertEquals(0, TestSupport.relativeError(c.forward(ps, in, false).singletonOrThrow(), want));
            }
        }
    }

    @Test
    void parametersSavedInVersionOneStillLoad() throws Exception {
        try (NDManager m = TestSupport.manager()) {
            Shape[] shapes = {new Shape(3, IN.dim()), new Shape(3, ATTR.dim())};
            O3TensorProduct a = O3TensorProduct.builder().setIrrepsIn1(IN).optIrrepsIn2(ATTR).setIrrepsOut(IN).build();
            a.initialize(m, DataType.FLOAT64, shapes);
            // version 1 wrote what DJL's AbstractBlock writes by default: the input shapes, then the parameters
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (DataOutputStream os = new DataOutputStream(bos)) {
                os.writeByte(1);
                os.writeInt(shapes.length);
                for (Shape shape : shapes) {
                    os.write(shape.getEncoded());
                }
                for (Pair<String, Parameter> p : a.getDirectParameters()) {
                    p.getValue().save(os);
                }
            }
            O3TensorProduct b = O3TensorProduct.builder().setIrrepsIn1(IN).optIrrepsIn2(ATTR).setIrrepsOut(IN).build();
            b.initialize(m, DataType.FLOAT64, shapes);
            BlockTesting.load(b, m, bos.toByteArray());
            NDList in = new NDList(TestSupport.randn(m, 1, DataType.FLOAT64, 3, IN.dim()),
                    TestSupport.randn(m, 2, DataType.FLOAT64, 3, ATTR.dim()));
            ParameterStore ps = new ParameterStore(m, false);
            assertEquals(0, TestSupport.relativeError(b.forward(ps, in, false).singletonOrThrow(),
                    a.forward(ps, in, false).singletonOrThrow()));
        }
    }

    @Test
    void aTensorProductRefusesParametersOfAnotherNormalization() {
        try (NDManager m = TestSupport.manager()) {
            O3TensorProduct a = O3TensorProduct.builder().setIrrepsIn1(IN).optIrrepsIn2(ATTR).setIrrepsOut(IN).build();
            a.initialize(m, DataType.FLOAT32, new Shape(3, IN.dim()),
                    new Shape(3, ATTR.dim()));
            O3TensorProduct b = O3TensorProduct.builder().setIrrepsIn1(IN).optIrrepsIn2(ATTR).setIrrepsOut(IN)
                    .optNormalization(PathNormalization.E3NN).build();
            b.initialize(m, DataType.FLOAT32, new Shape(3, IN.dim()),
                    new Shape(3, ATTR.dim()));
            String msg = assertThrows(MalformedModelException.class, () -> BlockTesting.load(b, m, BlockTesting.save(a)))
                    .getMessage();
            assertTrue(msg.contains("saved from O3TensorProduct(") && msg.contains("E3NN normalization"), msg);
        }
    }
}
