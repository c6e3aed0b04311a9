// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.tp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.segnn.core.Reference;
import io.github.segnn.core.irreps.Irreps;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorProductPlanTest {

    @Test
    void instructionsMatchE3nn() {
        JsonObject ref = Reference.load("tensor_product.json");
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse(ref.get("irreps_in1").getAsString()),
                Irreps.parse(ref.get("irreps_in2").getAsString()), Irreps.parse(ref.get("irreps_out").getAsString()));
        assertEquals(ref.get("weight_numel").getAsInt(), plan.weightNumel());
        List<Instruction> ins = plan.instructions();
        assertEquals(ref.getAsJsonArray("instructions").size(), ins.size());
        int k = 0;
        for (JsonElement e : ref.getAsJsonArray("instructions")) {
            JsonObject o = e.getAsJsonObject();
            Instruction mine = ins.get(k++);
            assertEquals(o.get("i_in1").getAsInt(), mine.i1());
            assertEquals(o.get("i_in2").getAsInt(), mine.i2());
            assertEquals(o.get("i_out").getAsInt(), mine.iOut());
            assertEquals(o.get("weight_offset").getAsInt(), mine.weightOffset());
            assertEquals(o.get("weight_numel").getAsInt(), mine.weightNumel());
            assertEquals(o.get("path_weight").getAsDouble(), mine.pathWeight(), 1e-15);
            double[] shape = Reference.vector(o.get("path_shape"));
            assertArrayEquals(new int[] {(int) shape[0], (int) shape[1], (int) shape[2]}, mine.pathShape());
        }
    }

    @Test
    void sparseEvaluationReproducesE3nnOutputs() {
        JsonObject ref = Reference.load("tensor_product.json");
        TensorProductPlan plan = TensorProductPlan.fullyConnected(Irreps.parse("4x0e+2x1o"), Irreps.parse("1x0e+1x1o"),
                Irreps.parse("3x0e+2x1o+1x2e"));
        double[] w = Reference.vector(ref.get("weights"));
        double[][] x1 = Reference.matrix(ref.get("inputs_x1"));
        double[][] x2 = Reference.matrix(ref.get("inputs_x2"));
        double[][] want = Reference.matrix(ref.get("outputs"));
        for (int z = 0; z < x1.length; z++) {
            double[] out = new double[plan.out().dim()];
            for (Instruction ins : plan.instructions()) {
                int d1 = ins.in1().irrep().dim();
                int d2 = ins.in2().irrep().dim();
                int d3 = ins.out().irrep().dim();
                int o1 = plan.in1().offset(ins.i1());
                int o2 = plan.in2().offset(ins.i2());
                int o3 = plan.out().offset(ins.iOut());
                int[] ci = ins.cg().i();
                int[] cj = ins.cg().j();
                int[] ck = ins.cg().k();
                double[] cv = ins.cg().value();
                for (int u = 0; u < ins.in1().mul(); u++) {
                    for (int v = 0; v < ins.in2().mul(); v++) {
                        for (int ww = 0; ww < ins.out().mul(); ww++) {
                            double weight = w[ins.weightOffset() + (u * ins.in2().mul() + v) * ins.out().mul() + ww];
                            for (int e = 0; e < cv.length; e++) {
                                out[o3 + ww * d3 + ck[e]] += ins.pathWeight() * weight * cv[e]
                                        * x1[z][o1 + u * d1 + ci[e]] * x2[z][o2 + v * d2 + cj[e]];
                            }
                        }
                    }
                }
            }
            for (int c = 0; c < out.length; c++) {
                assertEquals(want[z][c], out[c], 1e-12, "sample " + z + " component " + c);
            }
        }
    }

    @Test
    void nbodyLayerSizesAndFanIn() {
        Irreps h = Irreps.parse("32x0e+32x1o");
        Irreps a = Irreps.parse("1x0e+1x1o");
        Irreps msgIn = h.repeat(2).concat(Irreps.parse("2x0e")).simplify();
        TensorProductPlan m1 = TensorProductPlan.fullyConnected(msgIn, a, Irreps.parse("64x0e+32x1o"));
        assertEquals(12480, m1.weightNumel());
        assertEquals(130, m1.fanIn(0));
        assertEquals(130, m1.fanIn(1));
        assertEquals(192, TensorProductPlan.fullyConnected(Irreps.parse("2x1o+1x0e"), a, h).weightNumel());
    }

    @Test
    void unreachableOutputIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorProductPlan.fullyConnected(Irreps.parse("4x0e"), Irreps.parse("1x0e"), Irreps.parse("2x0e+1x1o")));
        assertTrue(e.getMessage().contains("1x1o"), e.getMessage());
    }
}
