// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.model.Segnn;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class E3nnWeightsTest {

    private static JsonObject ref;

    @BeforeAll
    static void load() {
        ref = TestSupport.reference("segnn_nbody_forward_reference.json.gz");
    }

    static Segnn officialNbodyModel() {
        return Segnn.builder().setInputIrreps(Irreps.parse("2x1o+1x0e")).setHiddenIrreps(Irreps.parse("32x0e+32x1o"))
                .setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(Irreps.parse("1x0e+1x1o"))
                .setEdgeAttrIrreps(Irreps.parse("1x0e+1x1o")).optEdgeScalars(2).optNumLayers(4).build();
    }

    static NDList inputs(NDManager m, DataType dt) {
        JsonObject r = ref.getAsJsonObject("results").getAsJsonObject(dt == DataType.FLOAT64 ? "float64" : "float32");
        NDArray x = TestSupport.array(m, r.get("x"), dt, 500, 7);
        NDArray na = TestSupport.array(m, r.get("node_attr_before_forward"), dt, 500, 4);
        NDArray ea = TestSupport.array(m, r.get("edge_attr"), dt, 2000, 4);
        NDArray es = TestSupport.array(m, r.get("additional_message_features"), dt, 2000, 2);
        NDArray ei = TestSupport.array(m, ref.getAsJsonObject("batch").get("edge_index"), DataType.FLOAT64, 2, 2000)
                .toType(DataType.INT64, false);
        NDArray gi = m.arange(0, 500, 1, DataType.INT64).div(5).toType(DataType.INT64, false);
        NDArray counts = m.full(new Shape(100), 5, DataType.INT64);
        // Segnn reads no positions: zeros stand in for them
        return GraphBatch.builder().setPositions(m.zeros(new Shape(500, 3), dt)).setNodeFeatures(x).setEdgeIndex(ei)
                .optGraphs(gi, counts).optNodeAttr(na).optEdgeAttr(ea).optEdgeScalars(es).build().toNDList();
    }

    @Test
    void reproducesTheOfficialNbodyForwardPass() {
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            try (NDManager m = TestSupport.manager()) {
                Segnn model = officialNbodyModel();
                NDList in = inputs(m, dt);
                model.initialize(m, dt, in.getShapes());
                assertEquals(ref.get("n_params").getAsInt(), model.getParameters().stream()
                        .mapToLong(p -> p.getValue().getArray().size()).sum());
                E3nnWeights.read(model, ref);
                NDArray out = model.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
                JsonObject r = ref.getAsJsonObject("results").getAsJsonObject(dt == DataType.FLOAT64 ? "float64" : "float32");
                NDArray want = TestSupport.array(m, r.get("model_output"), DataType.FLOAT64, 500, 3);
                double err = TestSupport.relativeError(out, want);
                assertTrue(err < (dt == DataType.FLOAT64 ? 1e-10 : 1e-5), dt + " relative error " + err);
            }
        }
    }

    @Test
    void exportThenImportRoundTrips(@TempDir Path dir) throws Exception {
        try (NDManager m = TestSupport.manager()) {
            Segnn a = officialNbodyModel();
            NDList in = inputs(m, DataType.FLOAT64);
            a.initialize(m, DataType.FLOAT64, in.getShapes());
            Path file = dir.resolve("w.json");
            E3nnWeights.write(a, file);
            Segnn b = officialNbodyModel();
            b.initialize(m, DataType.FLOAT64, in.getShapes());
            E3nnWeights.read(b, file);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ya = a.forward(ps, in, false).singletonOrThrow();
            NDArray yb = b.forward(ps, in, false).singletonOrThrow();
            assertTrue(TestSupport.relativeError(yb, ya) < 1e-14);
        }
    }

    @Test
    void stateDictRoundTripIncludesInstanceNorms() {
        try (NDManager m = TestSupport.manager()) {
            java.util.function.Supplier<Segnn> build = () -> Segnn.builder().setInputIrreps(Irreps.parse("2x1o+1x0e"))
                    .setHiddenIrreps(Irreps.parse("8x0e+4x1o")).setOutputIrreps(Irreps.parse("1x0e"))
                    .setNodeAttrIrreps(Irreps.parse("1x0e+1x1o")).setEdgeAttrIrreps(Irreps.parse("1x0e+1x1o"))
                    .optEdgeScalars(2).optNumLayers(2).optTask(io.github.segnn.djl.model.Task.GRAPH)
                    .optNorm(io.github.segnn.djl.model.FeatureNorm.INSTANCE).build();
            NDList in = io.github.segnn.djl.GraphFixtures.fullyConnected(m, DataType.FLOAT64, Irreps.parse("2x1o+1x0e"),
                    Irreps.parse("1x0e+1x1o"), 2, 3, 4);
            Segnn a = build.get();
            a.initialize(m, DataType.FLOAT64, in.getShapes());
            // make the norm parameters differ from their initial values so that the round trip is visible
            for (var p : a.getParameters()) {
                if (p.getKey().contains("featureNorm")) {
                    p.getValue().getArray().addi(0.25);
                }
            }
            JsonObject json = E3nnWeights.toJson(a);
            assertTrue(json.getAsJsonObject("state_dict").has("layers.1.feature_norm.weight"));
            JsonObject onlyStateDict = new JsonObject();
            onlyStateDict.add("state_dict", json.get("state_dict"));
            Segnn b = build.get();
            b.initialize(m, DataType.FLOAT64, in.getShapes());
            E3nnWeights.read(b, onlyStateDict);
            ParameterStore ps = new ParameterStore(m, false);
            double err = TestSupport.relativeError(b.forward(ps, in, false).singletonOrThrow(),
                    a.forward(ps, in, false).singletonOrThrow());
            assertTrue(err < 1e-14, "round trip error " + err);
        }
    }

    @Test
    void mismatchedWeightsNameTheFileAndLayer(@TempDir Path dir) throws Exception {
        try (NDManager m = TestSupport.manager()) {
            Segnn model = Segnn.builder().setInputIrreps(Irreps.parse("2x1o+1x0e"))
                    .setHiddenIrreps(Irreps.parse("16x0e+16x1o")).setOutputIrreps(Irreps.parse("1x1o"))
                    .setNodeAttrIrreps(Irreps.parse("1x0e+1x1o")).setEdgeAttrIrreps(Irreps.parse("1x0e+1x1o"))
                    .optEdgeScalars(2).optNumLayers(4).build();
            model.initialize(m, DataType.FLOAT32, inputs(m, DataType.FLOAT32).getShapes());
            Path file = dir.resolve("ref.json");
            Files.writeString(file, ref.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> E3nnWeights.read(model, file));
            assertTrue(e.getMessage().contains("ref.json") && e.getMessage().contains("embedding_layer"), e.getMessage());
        }
    }
}
