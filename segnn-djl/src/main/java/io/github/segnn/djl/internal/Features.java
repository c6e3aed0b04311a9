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
 *       {@code [h_i | h_j]} block by block builds them;
 *   <li>node operands of edge pairs ({@link #pairs}): the node blocks from which the kernel's
 *       group operands {@code [h_i | h_j]} would be gathered, with the gather itself.
 * </ul>
 */
public final class Features {

    private final NDList pieces;
    private final Layout layout;
    private final boolean groups;
    private final NDList pairGathers;
    private final NDArray edgeScalars;

    private Features(NDList pieces, Layout layout, boolean groups) {
        this(pieces, layout, groups, null, null);
    }

    private Features(NDList pieces, Layout layout, boolean groups, NDList pairGathers, NDArray edgeScalars) {
        this.pieces = pieces;
        this.layout = layout;
        this.groups = groups;
        this.pairGathers = pairGathers;
        this.edgeScalars = edgeScalars;
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
     * Returns edge features given by their nodes: the kernel's group operands
     * {@code [h_i | h_j (| e_ij)]} of every edge, never formed. Per group of the kernel, the node
     * block {@code h_g (N, d_g * m_g)} (component-major) whose rows at the edge's target and source
     * give the group's first {@code 2 m_g} copies; the extra edge scalars {@code e_ij}, if any, are
     * the last copies of the one scalar group whose multiplicity exceeds {@code 2 m_g}. The kernel
     * applies its weights to the nodes and moves the results to the edges with the group's pair
     * gather.
     *
     * @param nodeOperands one node block per input group of the kernel
     * @param pairGathers per group, the sparse {@code (E * d_g, 2 * N * d_g)} matrix whose row
     *     {@code (e, i)} has a 1 at column {@code (target(e), i, 0)} and at {@code (source(e), i, 1)}
     *     (row-major indices), which takes node rows {@code (N * d_g, 2 C)} read as
     *     {@code (2 * N * d_g, C)} to {@code a_i + b_j} on the edges
     * @param edgeScalars {@code (E, k)}, or null where no group takes edge scalars
     * @return the features
     */
    public static Features pairs(NDList nodeOperands, NDList pairGathers, NDArray edgeScalars) {
        return new Features(nodeOperands, Layout.IR_MUL, false, pairGathers, edgeScalars);
    }

    /**
     * Returns whether the features are edge features given by their nodes ({@link #pairs}).
     *
     * @return true for node operands with pair gathers
     */
    public boolean isPairs() {
        return pairGathers != null;
    }

    /**
     * Returns the pair gathers of {@link #pairs}, one per group, or null.
     *
     * @return the pair gathers
     */
    public NDList pairGathers() {
        return pairGathers;
    }

    /**
     * Returns the extra edge scalars of {@link #pairs}, or null.
     *
     * @return {@code (E, k)} or null
     */
    public NDArray edgeScalars() {
        return edgeScalars;
    }

    /**
     * Returns the pieces (or the group operands, or the node operands of {@link #pairs}).
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
        if (groups || isPairs()) {
            throw new IllegalStateException("group or node operands are not column pieces and cannot be joined");
        }
        return Partition.join(pieces, 1);
    }
}
