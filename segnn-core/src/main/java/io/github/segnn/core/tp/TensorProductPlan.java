// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.tp;

import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.core.so3.Wigner3j;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The plan of a fully connected ({@code uvw}) tensor product {@code in1 x in2 -> out}, in e3nn's
 * instruction order (loops over {@code i1}, then {@code i2}, then {@code iOut}, keeping the
 * combinations allowed by the triangle rule and parity) and weight layout (flat, instruction by
 * instruction, each row-major in {@code (mul1, mul2, mulOut)}). Immutable value type.
 *
 * <p>An output block of nonzero multiplicity that no path reaches is rejected at construction:
 * it could only ever be zero (the official SEGNN code divides by its empty fan-in and yields NaN).
 */
public final class TensorProductPlan {

    private final Irreps in1;
    private final Irreps in2;
    private final Irreps out;
    private final List<Instruction> instructions;
    private final int[] fanIn;
    private final int weightNumel;

    private TensorProductPlan(Irreps in1, Irreps in2, Irreps out) {
        this.in1 = in1;
        this.in2 = in2;
        this.out = out;
        fanIn = new int[out.size()];
        for (int a = 0; a < in1.size(); a++) {
            for (int b = 0; b < in2.size(); b++) {
                for (int c = 0; c < out.size(); c++) {
                    if (out.get(c).irrep().isIn(in1.get(a).irrep(), in2.get(b).irrep())) {
                        fanIn[c] += in1.get(a).mul() * in2.get(b).mul();
                    }
                }
            }
        }
        List<Instruction> list = new ArrayList<>();
        int offset = 0;
        for (int a = 0; a < in1.size(); a++) {
            for (int b = 0; b < in2.size(); b++) {
                for (int c = 0; c < out.size(); c++) {
                    MulIrrep x = in1.get(a);
                    MulIrrep y = in2.get(b);
                    MulIrrep z = out.get(c);
                    if (!z.irrep().isIn(x.irrep(), y.irrep())) {
                        continue;
                    }
                    double pw = fanIn[c] == 0 ? 0 : Math.sqrt((2.0 * z.l() + 1) / fanIn[c]);
                    Instruction ins = new Instruction(a, b, c, x, y, z, offset, pw,
                            new CgEntries(Wigner3j.of(x.l(), y.l(), z.l())));
                    list.add(ins);
                    offset += ins.weightNumel();
                }
            }
        }
        for (int c = 0; c < out.size(); c++) {
            if (out.get(c).mul() > 0 && fanIn[c] == 0) {
                throw new IllegalArgumentException("Tensor product " + in1 + " x " + in2 + " -> " + out
                        + ": output block " + c + " (" + out.get(c) + ") is reached by no path; "
                        + "remove it or add inputs whose product contains " + out.get(c).irrep());
            }
        }
        instructions = Collections.unmodifiableList(list);
        weightNumel = offset;
    }

    /**
     * Plans the fully connected tensor product {@code in1 x in2 -> out}.
     *
     * @param in1 the first input irreps
     * @param in2 the second input irreps
     * @param out the output irreps
     * @return the plan
     * @throws IllegalArgumentException if an output block is reached by no path
     */
    public static TensorProductPlan fullyConnected(Irreps in1, Irreps in2, Irreps out) {
        return new TensorProductPlan(Objects.requireNonNull(in1, "in1"), Objects.requireNonNull(in2, "in2"),
                Objects.requireNonNull(out, "out"));
    }

    /**
     * Returns the first input irreps.
     *
     * @return in1
     */
    public Irreps in1() {
        return in1;
    }

    /**
     * Returns the second input irreps.
     *
     * @return in2
     */
    public Irreps in2() {
        return in2;
    }

    /**
     * Returns the output irreps.
     *
     * @return out
     */
    public Irreps out() {
        return out;
    }

    /**
     * Returns the paths in e3nn's order.
     *
     * @return an unmodifiable list
     */
    public List<Instruction> instructions() {
        return instructions;
    }

    /**
     * Returns the total number of weights.
     *
     * @return the weight count
     */
    public int weightNumel() {
        return weightNumel;
    }

    /**
     * Returns the fan-in of an output block: {@code sum mul1*mul2} over the paths into it.
     *
     * @param iOut the output block index
     * @return the fan-in
     */
    public int fanIn(int iOut) {
        return fanIn[iOut];
    }

    /**
     * Returns the paths into an output block.
     *
     * @param iOut the output block index
     * @return the paths, in order
     */
    public List<Instruction> pathsInto(int iOut) {
        List<Instruction> list = new ArrayList<>();
        for (Instruction ins : instructions) {
            if (ins.iOut() == iOut) {
                list.add(ins);
            }
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorProductPlan)) {
            return false;
        }
        TensorProductPlan p = (TensorProductPlan) o;
        return in1.equals(p.in1) && in2.equals(p.in2) && out.equals(p.out);
    }

    @Override
    public int hashCode() {
        return Objects.hash(in1, in2, out);
    }

    @Override
    public String toString() {
        return in1 + " x " + in2 + " -> " + out + " | " + instructions.size() + " paths | " + weightNumel + " weights";
    }
}
