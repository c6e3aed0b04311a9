// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@code mul * (2l+1)} columns of one irrep block lie in a feature row.
 *
 * <p>{@link #MUL_IR} is e3nn's layout and the one every public Block takes and returns.
 * {@link #IR_MUL} is what the tensor-product kernel computes in: the same component of all copies
 * side by side. Inside a layer, handing blocks from a product through a gate into the next product
 * in {@code IR_MUL} saves two transposing copies per block (forward and backward), and lets the gate
 * broadcast each copy's factor over a contiguous row of copies instead of over the innermost axis
 * of length {@code 2l+1}, where PyTorch's element-wise loops and reductions are slow.
 */
public enum Layout {

    /** e3nn's layout: per block {@code (mul, 2l+1)}, the components of one copy together. */
    MUL_IR,

    /** Per block {@code (2l+1, mul)}: one component of every copy together. */
    IR_MUL;

    /**
     * The layout for blocks handed from a producer to a consumer: {@link #IR_MUL} when the producer's
     * output blocks are the consumer's input blocks one for one, else {@link #MUL_IR} (where one side
     * merges blocks that the other keeps apart, the two would lay them out differently).
     *
     * @param producerOut the irreps the producer returns
     * @param consumerIn the irreps the consumer reads
     * @return the layout to use between them
     */
    public static Layout between(Irreps producerOut, Irreps consumerIn) {
        return producerOut.equals(consumerIn) ? IR_MUL : MUL_IR;
    }

    /**
     * The layout in which consecutive pieces, each laid out block by block in its own irreps, can be
     * handed to a consumer that reads their concatenation as {@code consumerIn}: {@link #IR_MUL} when
     * every non-scalar block of {@code consumerIn} is exactly one block of the pieces (scalar blocks
     * read the same in both layouts, so merging or cutting them does not matter), else
     * {@link #MUL_IR}. For example {@code [h | h]} with {@code h = 8x0e+4x1o} feeds
     * {@code 8x0e+4x1o+8x0e+4x1o} in {@code IR_MUL}, but {@code h = 4x1o} feeds the simplified
     * {@code 8x1o} only in e3nn's layout.
     *
     * @param pieces the irreps of the pieces, in order
     * @param consumerIn the irreps the consumer reads
     * @return the layout to use
     * @throws IllegalArgumentException if the pieces do not add up to the consumer's dimension
     */
    public static Layout forPieces(List<Irreps> pieces, Irreps consumerIn) {
        Map<Integer, MulIrrep> producerBlocks = new HashMap<>(); // offset -> each non-scalar block
        int offset = 0;
        for (Irreps piece : pieces) {
            for (MulIrrep b : piece.blocks()) {
                if (b.irrep().dim() > 1 && b.mul() > 0) {
                    producerBlocks.put(offset, b);
                }
                offset += b.dim();
            }
        }
        if (offset != consumerIn.dim()) {
            throw new IllegalArgumentException("pieces " + pieces + " have dimension " + offset + ", not the "
                    + consumerIn.dim() + " of " + consumerIn);
        }
        for (int i = 0; i < consumerIn.size(); i++) {
            MulIrrep b = consumerIn.get(i);
            if (b.irrep().dim() > 1 && b.mul() > 0
                    && !b.equals(producerBlocks.get(consumerIn.offset(i)))) {
                return MUL_IR;
            }
        }
        return IR_MUL;
    }

    /**
     * Re-lays a whole feature array, block by block, from this layout into another.
     *
     * @param x the features {@code (B, irreps.dim)} in this layout
     * @param irreps their irreps
     * @param to the wanted layout
     * @return the features in layout {@code to}
     */
    public NDArray convert(NDArray x, Irreps irreps, Layout to) {
        if (this == to) {
            return x;
        }
        List<MulIrrep> blocks = irreps.blocks().stream().filter(b -> b.dim() > 0).toList();
        NDList parts = Partition.bySizes(x, 1, blocks.stream().mapToLong(MulIrrep::dim).toArray());
        NDList out = new NDList(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            out.add(convert(parts.get(i), blocks.get(i).mul(), blocks.get(i).irrep().dim(), to));
        }
        return Partition.join(out, 1);
    }

    /**
     * Re-lays one block from this layout into another (a copy unless nothing moves).
     *
     * @param block the block {@code (B, mul * dim)} in this layout
     * @param mul the block's multiplicity
     * @param dim the dimension {@code 2l+1} of its irrep
     * @param to the wanted layout
     * @return the block in layout {@code to}
     */
    public NDArray convert(NDArray block, int mul, int dim, Layout to) {
        if (this == to || dim == 1 || mul == 1) {
            return block;
        }
        long rows = block.getShape().get(0);
        long[] from = this == MUL_IR ? new long[] {rows, mul, dim} : new long[] {rows, dim, mul};
        return block.reshape(from).transpose(0, 2, 1).reshape(rows, (long) mul * dim);
    }
}
