package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;

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
