// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.model.Segnn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelBackwardTest {

    /** Mean squared error, written out so that no scalar of a Java buffer enters the graph. */
    private static final class Mse extends Loss {
        Mse() {
            super("mse");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray d = predictions.singletonOrThrow().sub(labels.singletonOrThrow());
            return d.mul(d).mean();
        }
    }

    @Test
    void partsOnParallelThreadsGiveTheGradientOfTheWholeBatch() {
        Irreps attr = Irreps.parse("1x0e+1x1o");
        Irreps in = Irreps.parse("2x1o+1x0e");
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tol = dt == DataType.FLOAT64 ? 1e-12 : 1e-5;
            try (NDManager m = TestSupport.manager()) {
                Segnn model = Segnn.builder().setInputIrreps(in).setHiddenIrreps(Irreps.parse("4x0e+2x1o"))
                        .setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(attr).setEdgeAttrIrreps(attr)
                        .optEdgeScalars(2).optNumLayers(2).build();
                NDList a = GraphFixtures.fullyConnected(m, dt, in, attr, 2, 3, 4);
                NDList b = GraphFixtures.fullyConnected(m, dt, in, attr, 2, 5);
                NDList whole = concat(a, b);
                model.initialize(m, dt, whole.getShapes());
                NDArray ta = TestSupport.randn(m, 21, dt, 7, 3);
                NDArray tb = TestSupport.randn(m, 22, dt, 5, 3);
                ParameterStore ps = new ParameterStore(m, false);
                Mse mse = new Mse();
                double wholeLoss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = mse.evaluate(new NDList(ta.concat(tb, 0)), model.forward(ps, whole, true));
                    wholeLoss = l.toType(DataType.FLOAT64, false).getDouble();
                    gc.backward(l);
                }
                List<double[]> want = gradients(model, true);
                double partsLoss;
                try (ParallelBackward parallel = new ParallelBackward(2)) {
                    List<ParallelBackward.Part> parts = List.of(
                            new ParallelBackward.Part(a, new NDList(ta), 7.0 / 12),
                            new ParallelBackward.Part(b, new NDList(tb), 5.0 / 12));
                    partsLoss = parallel.run(model, ps, mse, parts);
                }
                List<double[]> got = gradients(model, true);
                assertEquals(wholeLoss, partsLoss, tol * Math.abs(wholeLoss));
                double norm = 0;
                for (double[] g : want) {
                    for (double v : g) {
                        norm += v * v;
                    }
                }
                assertTrue(norm > 1e-6, "the whole batch has nonzero gradients: " + norm);
                for (int k = 0; k < want.size(); k++) {
                    double num = 0;
                    double den = 0;
                    for (int i = 0; i < want.get(k).length; i++) {
                        num += Math.pow(got.get(k)[i] - want.get(k)[i], 2);
                        den += Math.pow(want.get(k)[i], 2);
                    }
                    assertTrue(Math.sqrt(num) <= tol * Math.max(1e-12, Math.sqrt(den)),
                            dt + " parameter " + k + ": relative error " + Math.sqrt(num / Math.max(den, 1e-300)));
                }
            }
        }
    }

    @Test
    void partsFreeTheArraysTheyCreate() {
        try (NDManager m = TestSupport.manager(); ParallelBackward parallel = new ParallelBackward(2)) {
            NDList a = smallGraph(m);
            Segnn model = smallModel(m, a);
            try (NDManager batch = m.newSubManager()) {
                List<ParallelBackward.Part> parts = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    NDManager pm = batch.newSubManager();
                    NDList data = new NDList();
                    for (NDArray x : a) {
                        NDArray d = x.duplicate();
                        d.attach(pm);
                        data.add(d);
                    }
                    NDArray t = TestSupport.randn(m, 3 + k, DataType.FLOAT64, 3, 3);
                    t.attach(pm);
                    parts.add(new ParallelBackward.Part(data, new NDList(t), 0.5));
                }
                int inputs = batch.getManagedArrays().size();
                double loss = parallel.run(model, new ParameterStore(m, false), new Mse(), parts);
                assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
                assertEquals(inputs, batch.getManagedArrays().size(), "the parts freed the arrays they created");
            }
        }
    }

    @Test
    void aFailingPartReportsItsOwnErrorAndThreadsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ParallelBackward(0));
        try (NDManager m = TestSupport.manager(); ParallelBackward parallel = new ParallelBackward(1)) {
            NDList a = smallGraph(m);
            Segnn model = smallModel(m, a);
            NDList wrong = new NDList(a.size());
            for (int i = 0; i < a.size(); i++) {
                wrong.add(i == GraphBatch.NODE_FEATURES ? a.get(i).get(":, 0:3") : a.get(i));
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parallel.run(model,
                    new ParameterStore(m, false), new Mse(),
                    List.of(new ParallelBackward.Part(wrong, new NDList(TestSupport.randn(m, 1, DataType.FLOAT64, 3, 3)), 1))));
            assertTrue(e.getMessage().contains("Segnn") || e.getMessage().contains("width"), e.getMessage());
        }
    }

    /** One graph of 3 nodes with SEGNN's N-body inputs, in float64. */
    private static NDList smallGraph(NDManager m) {
        return GraphFixtures.fullyConnected(m, DataType.FLOAT64, Irreps.parse("2x1o+1x0e"), Irreps.parse("1x0e+1x1o"),
                2, 3);
    }

    /** A one-layer SEGNN for {@link #smallGraph}, initialized. */
    private static Segnn smallModel(NDManager m, NDList graph) {
        Irreps attr = Irreps.parse("1x0e+1x1o");
        Segnn model = Segnn.builder().setInputIrreps(Irreps.parse("2x1o+1x0e")).setHiddenIrreps(Irreps.parse("4x0e+2x1o"))
                .setOutputIrreps(Irreps.parse("1x1o")).setNodeAttrIrreps(attr).setEdgeAttrIrreps(attr)
                .optEdgeScalars(2).optNumLayers(1).build();
        model.initialize(m, DataType.FLOAT64, graph.getShapes());
        return model;
    }

    /** Returns each parameter's gradient and, if asked, clears it. */
    private static List<double[]> gradients(Segnn model, boolean clear) {
        List<double[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            NDArray w = p.getValue().getArray();
            try (NDArray g = w.getGradient()) {
                out.add(g.toType(DataType.FLOAT64, false).toDoubleArray());
                if (clear) {
                    g.subi(g);
                }
            }
        }
        return out;
    }

    /** Concatenates two graph batches, renumbering nodes and graphs. */
    private static NDList concat(NDList a, NDList b) {
        return GraphBatch.concat(List.of(GraphBatch.view(a), GraphBatch.view(b))).toNDList();
    }
}
