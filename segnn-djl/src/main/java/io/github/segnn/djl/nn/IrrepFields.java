// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.internal.Partition;
import io.github.segnn.djl.internal.Scalars;

/**
 * Per-block views of an irreps feature array shared by the equivariant norms: splitting
 * {@code (rows, irreps.dim)} into its blocks, the size statistic of each irrep copy, and scaling
 * every copy by a per-copy factor. Irreps in: any; out: the same.
 */
final class IrrepFields {

    private IrrepFields() {}

    /**
     * Splits {@code x} into its irrep blocks.
     *
     * @param x {@code (rows, irreps.dim)}
     * @param irreps the irreps
     * @return block {@code c} as {@code (rows, mul_c * (2l_c+1))}
     */
    static NDArray[] split(NDArray x, Irreps irreps) {
        long[] sizes = new long[irreps.size()];
        for (int c = 0; c < sizes.length; c++) {
            sizes[c] = irreps.get(c).dim();
        }
        return Partition.bySizes(x, 1, sizes).toArray(new NDArray[0]);
    }

    /**
     * Splits a per-copy array along its last axis into the copies of each block.
     *
     * @param a {@code (rows, irreps.numIrreps)} or {@code (irreps.numIrreps,)}
     * @param irreps the irreps
     * @param scalarsOnly whether {@code a} holds only the copies of the scalar ({@code 0e}) blocks
     * @return per block (or per scalar block), {@code (rows, mul_c)} or {@code (mul_c,)}
     */
    static NDList copies(NDArray a, Irreps irreps, boolean scalarsOnly) {
        long[] sizes = irreps.blocks().stream().filter(b -> !scalarsOnly || b.irrep().isScalar())
                .mapToLong(MulIrrep::mul).toArray();
        return Partition.bySizes(a, a.getShape().dimension() - 1, sizes);
    }

    /**
     * Returns the size statistic of every irrep copy of one block: the sum of squares of its
     * {@code 2l+1} components times {@link IrrepNormalization#factor(int)}.
     *
     * @param field {@code (rows, mul * (2l+1))}
     * @param block the block
     * @param normalization the statistic
     * @return {@code (rows, mul)}
     */
    static NDArray copyStatistic(NDArray field, MulIrrep block, IrrepNormalization normalization) {
        int d = block.irrep().dim();
        NDArray sq = field.square();
        if (d == 1) {
            return sq;
        }
        long rows = field.getShape().get(0);
        NDArray s = sq.reshape(rows, block.mul(), d).sum(new int[] {2});
        double f = normalization.factor(d);
        return f == 1.0 ? s : Scalars.mul(s, f);
    }

    /**
     * Multiplies every irrep copy of one block by its factor.
     *
     * @param field {@code (rows, mul * (2l+1))}
     * @param block the block
     * @param factor {@code (rows, mul)} or {@code (mul,)}
     * @return {@code (rows, mul * (2l+1))}
     */
    static NDArray scaleCopies(NDArray field, MulIrrep block, NDArray factor) {
        int d = block.irrep().dim();
        if (d == 1) {
            return field.mul(factor);
        }
        long rows = field.getShape().get(0);
        NDArray f = factor.getShape().dimension() == 1 ? factor.reshape(1, block.mul(), 1)
                : factor.reshape(factor.getShape().get(0), block.mul(), 1);
        return field.reshape(rows, block.mul(), d).mul(f).reshape(rows, (long) block.mul() * d);
    }

    /**
     * Concatenates blocks along their last axis (features of a matrix, entries of a vector).
     *
     * @param fields the blocks, all of the same rank
     * @return {@code (rows, sum of widths)} or {@code (sum of lengths,)}
     */
    static NDArray concat(NDArray[] fields) {
        return Partition.join(new NDList(fields), fields[0].getShape().dimension() - 1);
    }

    /**
     * Multiplies every irrep copy by its scale and adds the bias to the scalar copies, as the
     * equivariant norms end.
     *
     * @param fields the blocks of {@link #split}, replaced in place
     * @param irreps the irreps
     * @param scale {@code (rows, irreps.numIrreps)} or {@code (irreps.numIrreps,)}
     * @param bias {@code (number of 0e copies,)} or null
     * @return the features {@code (rows, irreps.dim)}
     */
    static NDArray scaleAndShift(NDArray[] fields, Irreps irreps, NDArray scale, NDArray bias) {
        NDList scales = copies(scale, irreps, false);
        NDList biases = bias == null ? null : copies(bias, irreps, true);
        int scalar = 0;
        for (int c = 0; c < fields.length; c++) {
            MulIrrep block = irreps.get(c);
            fields[c] = scaleCopies(fields[c], block, scales.get(c));
            if (block.irrep().isScalar()) {
                if (biases != null) {
                    fields[c] = fields[c].add(biases.get(scalar));
                }
                scalar++;
            }
        }
        return concat(fields);
    }
}
