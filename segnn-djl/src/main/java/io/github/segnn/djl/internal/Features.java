// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Features handed between the tensor products inside a layer without being joined into one array:
 * the operand type of the products' internal entry points ({@code O3TensorProduct.apply},
 * {@code O3SwishGateTensorProduct.apply}, {@link TensorProductKernel#forward(Features, NDArray,
 * NDArray, NDArray, Layout)}). A user of the Blocks does not need it: their public entry is DJL's
 * {@code forward}.
 *
 * <p>Two forms:
 *
 * <ul>
 *   <li>column pieces in a {@link Layout}: arrays {@code (B, w_k)} whose concatenation along axis 1
 *       is the features (in {@link Layout#IR_MUL} each piece holds whole irreps blocks, except
 *       that scalar blocks may be spread over several pieces);
 *   <li>group operands: one array per input group of a product's kernel
 *       ({@link TensorProductKernel#inputGroups()}), component-major, as a caller that gathers
 *       {@code [h_i | h_j]} block by block builds them.
 * </ul>
 */
public final class Features {

    private final NDList pieces;
    private final Layout layout;
    private final boolean groups;

    private Features(NDList pieces, Layout layout, boolean groups) {
        this.pieces = pieces;
        this.layout = layout;
        this.groups = groups;
    }

    /**
     * Returns features held as one array in e3nn's layout.
     *
     * @param x {@code (B, irreps.dim)}
     * @return the features
     */
    public static Features of(NDArray x) {
        return new Features(new NDList(x), Layout.MUL_IR, false);
    }

    /**
     * Returns features given as column pieces in a layout.
     *
     * @param pieces arrays whose concatenation along axis 1 is the features
     * @param layout the layout of the blocks in the pieces
     * @return the features
     */
    public static Features pieces(NDList pieces, Layout layout) {
        return new Features(pieces, layout, false);
    }

    /**
     * Returns features given as a kernel's group operands (component-major).
     *
     * @param operands one array per input group of the kernel
     * @return the features
     */
    public static Features groups(NDList operands) {
        return new Features(operands, Layout.IR_MUL, true);
    }

    /**
     * Returns the pieces (or the group operands).
     *
     * @return the arrays, in column (or group) order
     */
    public NDList pieces() {
        return pieces;
    }

    /**
     * Returns the layout of the blocks in the pieces ({@link Layout#IR_MUL} for group operands).
     *
     * @return the layout
     */
    public Layout layout() {
        return layout;
    }

    /**
     * Returns whether the arrays are a kernel's group operands rather than column pieces.
     *
     * @return true for group operands
     */
    public boolean isGroups() {
        return groups;
    }

    /**
     * Returns the column pieces joined into one array (the piece itself when there is one), in
     * {@link #layout()}.
     *
     * @return {@code (B, irreps.dim)}
     * @throws IllegalStateException for group operands, which are not columns
     */
    public NDArray join() {
        if (groups) {
            throw new IllegalStateException("group operands are not column pieces and cannot be joined");
        }
        return Partition.join(pieces, 1);
    }
}
