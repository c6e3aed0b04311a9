// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Layout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A SEGNN layer fed node features in the kernel's {@code IR_MUL} layout (as {@link Segnn} stacks
 * them) computes the same features and gradients as in e3nn's layout, with and without norms, and
 * falls back to e3nn's layout inside where simplified input irreps merge blocks of {@code h}.
 */
class SegnnLayerLayoutTest {

    @ParameterizedTest
    @CsvSource({
        // IR_MUL with [h_i | h_j] given by the nodes and the pair gather (Features.pairs); MUL_IR gathers each side
        "8x0e+4x1o+2x2e, NONE, IR_MUL, true",
        // unsimplified hidden irreps: the products' inputs merge 2x1o+2x1o, the layer converts inside
        "2x0e+2x1o+2x1o, NONE, MUL_IR, false",
        "6x0e+3x1o, INSTANCE, IR_MUL, true",
        "6x0e+3x1o, BATCH, IR_MUL, true",
        // the scalars of [h | h | e] merge (... + 2x0e + 2x0e + ...): scalar blocks read alike, but
        // the merged blocks are no pairs: each side gathered and joined
        "2x0e+3x1o+2x0e, NONE, IR_MUL, false",
    })
    void irMulFeaturesGiveTheSameOutputAndGradientsAsE3nnLayout(String hiddenIrreps, FeatureNorm norm,
            Layout expected, boolean pairs) {
        Irreps hidden = Irreps.parse(hiddenIrreps);
        Irreps attr = Irreps.parse("1x0e+1x1o");
        SegnnLayer layer = SegnnLayer.builder().setHiddenIrreps(hidden).setEdgeAttrIrreps(attr).setNodeAttrIrreps(attr)
                .optEdgeScalars(2).optNorm(norm).build();
        assertEquals(expected, layer.nodeLayout());
        assertEquals(pairs, layer.gathersPairs());
        DataType dt = DataType.FLOAT64;
        try (NDManager m = TestSupport.manager()) {
            NDList g = GraphFixtures.fullyConnected(m, dt, hidden, attr, 2, 3, 4);
            layer.initialize(m, dt, g.getShapes());
            ParameterStore ps = new ParameterStore(m, false);
            GraphBatch batch = GraphBatch.view(g);
            GraphContext graph = new GraphContext(batch, batch.nodeAttr());
            long n = batch.numNodes();
            NDArray weights = TestSupport.randn(m, 21, dt, n, hidden.dim());
            NDArray[] outs = new NDArray[2];
            NDArray[] grads = new NDArray[2];
            for (Layout layout : Layout.values()) {
                NDArray h = batch.nodeFeatures().duplicate();
                h.setRequiresGradient(true);
                List<NDArray> params = new ArrayList<>();
                for (Pair<String, Parameter> p : layer.getParameters()) {
                    NDArray w = p.getValue().getArray();
                    if (w.hasGradient()) {
                        w.getGradient().subi(w.getGradient());
                        params.add(w);
                    }
                }
                NDArray out;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray given = Layout.MUL_IR.convert(h, hidden, layout);
                    out = layout.convert(layer.apply(ps, given, layout, graph, true), hidden, Layout.MUL_IR);
                    gc.backward(out.mul(weights).sum());
                }
                NDArray all = h.getGradient().flatten();
                for (NDArray w : params) {
                    all = all.concat(w.getGradient().flatten());
                }
                outs[layout.ordinal()] = out.duplicate();
                grads[layout.ordinal()] = all;
            }
            double err = TestSupport.relativeError(outs[1], outs[0]);
            assertTrue(err < 1e-12, "features: relative error " + err);
            double gerr = TestSupport.relativeError(grads[1], grads[0]);
            assertTrue(gerr < 1e-11, "gradients: relative error " + gerr);
        }
    }
}
