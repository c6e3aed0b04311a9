// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.core.so3.Wigner3j;
import io.github.segnn.core.tp.Instruction;
import io.github.segnn.core.tp.TensorProductPlan;
import io.github.segnn.djl.ops.PathNormalization;
import java.nio.DoubleBuffer;

/**
 * The straightforward tensor product, path by path with dense 3j symbols: the test oracle of
 * {@link TensorProductKernel}. Same inputs, outputs and weight layout; about a dozen NDArray calls
 * per path, so use it for checking, not for training.
 */
public final class PathwiseTensorProduct {

    private PathwiseTensorProduct() {}

    /**
     * Computes the tensor product path by path.
     *
     * @param plan the plan
     * @param normalization the path normalization
     * @param x1 {@code (B, in1.dim)}
     * @param x2 {@code (B, in2.dim)}
     * @param weight flat weights
     * @param bias scalar-output bias or null
     * @return {@code (B, out.dim)}
     */
    public static NDArray forward(TensorProductPlan plan, PathNormalization normalization, NDArray x1, NDArray x2,
            NDArray weight, NDArray bias) {
        NDManager m = x1.getManager();
        long batch = x1.getShape().get(0);
        Irreps in1 = plan.in1();
        Irreps in2 = plan.in2();
        Irreps out = plan.out();
        NDArray[] acc = new NDArray[out.size()];
        for (Instruction ins : plan.instructions()) {
            int mul1 = ins.in1().mul();
            int mul2 = ins.in2().mul();
            int mulO = ins.out().mul();
            if (mul1 * mul2 * mulO == 0) {
                continue;
            }
            int d1 = ins.in1().irrep().dim();
            int d2 = ins.in2().irrep().dim();
            int d3 = ins.out().irrep().dim();
            double[][][] c = Wigner3j.of(ins.in1().l(), ins.in2().l(), ins.out().l());
            double f = normalization.factor(ins);
            double[] flat = new double[d1 * d2 * d3];
            int p = 0;
            for (double[][] a : c) {
                for (double[] b : a) {
                    for (double v : b) {
                        flat[p++] = f * v;
                    }
                }
            }
            NDArray cg = m.create(DoubleBuffer.wrap(flat), new Shape(d1, d2 * d3)).toType(x1.getDataType(), false);
            NDArray a = x1.get(new NDIndex(":, {}:{}", in1.offset(ins.i1()), in1.offset(ins.i1() + 1)))
                    .reshape(batch * mul1, d1).matMul(cg).reshape(batch, mul1, d2, d3)
                    .transpose(0, 1, 3, 2).reshape(batch, mul1 * d3, d2);
            NDArray b = x2.get(new NDIndex(":, {}:{}", in2.offset(ins.i2()), in2.offset(ins.i2() + 1)))
                    .reshape(batch, mul2, d2).transpose(0, 2, 1);
            NDArray t = a.matMul(b).reshape(batch, mul1, d3, mul2).transpose(0, 2, 1, 3)
                    .reshape(batch, d3, mul1 * mul2);
            NDArray w = weight.get(new NDIndex("{}:{}", ins.weightOffset(), ins.weightOffset() + ins.weightNumel()))
                    .reshape(mul1 * mul2, mulO);
            NDArray o = t.matMul(w).transpose(0, 2, 1).reshape(batch, (long) mulO * d3);
            acc[ins.iOut()] = acc[ins.iOut()] == null ? o : acc[ins.iOut()].add(o);
        }
        NDList parts = new NDList();
        int biasOffset = 0;
        for (int k = 0; k < out.size(); k++) {
            MulIrrep ob = out.get(k);
            if (ob.dim() == 0) {
                continue;
            }
            NDArray o = acc[k] == null ? m.zeros(new Shape(batch, ob.dim()), x1.getDataType()) : acc[k];
            if (ob.irrep().isScalar()) {
                if (bias != null) {
                    o = o.add(bias.get(new NDIndex("{}:{}", biasOffset, biasOffset + ob.mul())));
                }
                biasOffset += ob.mul();
            }
            parts.add(o);
        }
        return Partition.join(parts, 1);
    }
}
