// SPDX-License-Identifier: Apache-2.0
package com.example.segnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.so3.Rotations;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The README's example runs: a forward pass on two small graphs, invariant under rotations. */
class SegnnInYourModelTest {

    @Test
    void forwardPassGivesOneRotationInvariantValuePerGraph() {
        double[][] positions = {
            {0.0, 0.0, 0.0}, {1.0, 0.2, -0.3}, {-0.4, 0.9, 0.5},                      // graph 0
            {0.3, -1.1, 0.8}, {1.2, 0.7, 0.1}, {-0.6, -0.2, 1.4}, {0.5, 0.5, -0.9},   // graph 1
        };
        double[] charges = {1, -1, 1, -1, -1, 1, 1};
        double[][] rotation = Rotations.randomRotation(new Random(7));
        double[][] rotated = new double[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            rotated[i] = apply(rotation, positions[i]);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock model = SegnnInYourModel.model();
            NDList in = SegnnInYourModel.inputs(manager, positions, charges, 3, 4);
            model.initialize(manager, DataType.FLOAT32, in.getShapes());
            ParameterStore ps = new ParameterStore(manager, false);
            float[] out = model.forward(ps, in, false).singletonOrThrow().toFloatArray();
            assertEquals(2, out.length, "one value per graph");
            for (float v : out) {
                assertTrue(Float.isFinite(v), "finite output");
            }
            float[] outRotated = model.forward(ps, SegnnInYourModel.inputs(manager, rotated, charges, 3, 4), false)
                    .singletonOrThrow().toFloatArray();
            float scale = Math.max(Math.abs(out[0]), Math.abs(out[1]));
            assertArrayEquals(out, outRotated, 1e-5f * Math.max(1f, scale), "rotation invariance");
        }
    }

    private static double[] apply(double[][] m, double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        }
        return r;
    }
}
