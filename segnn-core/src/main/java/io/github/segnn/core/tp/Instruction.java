// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.tp;

import io.github.segnn.core.irreps.MulIrrep;

/**
 * One path {@code in1[i1] x in2[i2] -> out[iOut]} of a fully connected ({@code uvw}) tensor
 * product, with its weight block (row-major {@code (mul1, mul2, mulOut)} at {@code weightOffset})
 * and the nonzero entries of its Wigner 3j symbol.
 *
 * @param i1 block index in the first input
 * @param i2 block index in the second input
 * @param iOut block index in the output
 * @param in1 the first input block
 * @param in2 the second input block
 * @param out the output block
 * @param weightOffset offset of this path's weights in the flat weight vector
 * @param pathWeight e3nn's path weight {@code sqrt((2 lOut + 1) / fanIn(iOut))} (component
 *     irrep normalization, element path normalization)
 * @param cg the nonzero entries of the unit-Frobenius 3j symbol {@code C(l1, l2, lOut)}
 */
public record Instruction(int i1, int i2, int iOut, MulIrrep in1, MulIrrep in2, MulIrrep out,
        int weightOffset, double pathWeight, CgEntries cg) {

    /**
     * Returns the number of weights, {@code mul1 * mul2 * mulOut}.
     *
     * @return the number of weights
     */
    public int weightNumel() {
        return in1.mul() * in2.mul() * out.mul();
    }

    /**
     * Returns the shape of the weight block.
     *
     * @return {@code {mul1, mul2, mulOut}}
     */
    public int[] pathShape() {
        return new int[] {in1.mul(), in2.mul(), out.mul()};
    }

    /**
     * Returns a readable description such as {@code "32x0e x 1x1o -> 32x1o"}.
     *
     * @return the description
     */
    public String describe() {
        return in1 + " x " + in2 + " -> " + out;
    }
}
