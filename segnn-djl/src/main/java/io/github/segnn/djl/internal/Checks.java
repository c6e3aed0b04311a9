// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.core.irreps.Irreps;

/** Input validation shared by the Blocks: messages name the Block and what it expected. */
public final class Checks {

    private Checks() {}

    /**
     * Checks that {@code x} is {@code (rows, irreps.dim)}.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     * @param irreps the expected irreps
     */
    public static void features(String block, String input, NDArray x, Irreps irreps) {
        if (x == null) {
            throw new IllegalArgumentException(block + ": input '" + input + "' is missing (expected irreps " + irreps
                    + ", width " + irreps.dim() + ")");
        }
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException(block + ": input '" + input + "' must have rank 2 (rows, " + irreps.dim()
                    + "), got shape " + x.getShape());
        }
        if (x.getShape().get(1) != irreps.dim()) {
            throw new IllegalArgumentException(block + ": input '" + input + "' has width " + x.getShape().get(1)
                    + " but irreps " + irreps + " have dimension " + irreps.dim());
        }
    }

    /**
     * Checks the column pieces of one input: each of rank 2, all with the same rows, their widths
     * adding up to the dimension of the irreps.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param pieces the pieces, in column order
     * @param irreps the irreps of their concatenation
     * @return the first piece
     */
    public static NDArray pieces(String block, String input, NDList pieces, Irreps irreps) {
        if (pieces == null || pieces.isEmpty()) {
            throw new IllegalArgumentException(block + ": input '" + input + "' is missing (expected irreps " + irreps
                    + ", width " + irreps.dim() + ")");
        }
        long width = 0;
        NDArray first = pieces.get(0);
        for (NDArray p : pieces) {
            if (p.getShape().dimension() != 2) {
                throw new IllegalArgumentException(block + ": every piece of input '" + input
                        + "' must have rank 2 (rows, width), got shape " + p.getShape());
            }
            sameRows(block, first, p);
            width += p.getShape().get(1);
        }
        if (width != irreps.dim()) {
            throw new IllegalArgumentException(block + ": the pieces of input '" + input + "' have total width " + width
                    + " but irreps " + irreps + " have dimension " + irreps.dim());
        }
        return first;
    }

    /**
     * Checks that two arrays have the same number of rows.
     *
     * @param block the Block's description
     * @param a first array
     * @param b second array
     */
    public static void sameRows(String block, NDArray a, NDArray b) {
        if (a.getShape().get(0) != b.getShape().get(0)) {
            throw new IllegalArgumentException(block + ": inputs have different numbers of rows: " + a.getShape()
                    + " and " + b.getShape());
        }
    }

    /**
     * Checks that {@code x} is present and has the given rank.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     * @param rank the expected rank
     * @param layout the expected layout for the message, such as {@code "(N, 3)"}
     */
    public static void rank(String block, String input, NDArray x, int rank, String layout) {
        if (x == null) {
            throw new IllegalArgumentException(block + ": input '" + input + "' is missing (expected " + layout + ")");
        }
        if (x.getShape().dimension() != rank) {
            throw new IllegalArgumentException(block + ": input '" + input + "' must have rank " + rank + " " + layout
                    + ", got shape " + x.getShape());
        }
    }

    /**
     * Checks that {@code x} is a rank-2 array of the given width.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     * @param width the expected number of columns
     * @param layout the expected layout for the message, such as {@code "(N, 3)"}
     */
    public static void matrix(String block, String input, NDArray x, long width, String layout) {
        rank(block, input, x, 2, layout);
        if (x.getShape().get(1) != width) {
            throw new IllegalArgumentException(block + ": input '" + input + "' has width " + x.getShape().get(1)
                    + " but must be " + layout + " with width " + width);
        }
    }

    /**
     * Checks that {@code x} has {@code rows} rows (axis 0).
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     * @param rows the expected row count
     * @param what where the expected count comes from, such as {@code "x has N = 5 rows"}
     */
    public static void rows(String block, String input, NDArray x, long rows, String what) {
        if (x.getShape().get(0) != rows) {
            throw new IllegalArgumentException(block + ": input '" + input + "' has " + x.getShape().get(0)
                    + " rows but " + what + " (shape " + x.getShape() + ")");
        }
    }

    /**
     * Checks that {@code x} holds integers (int64 or int32), as indices must.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     */
    public static void integer(String block, String input, NDArray x) {
        DataType t = x.getDataType();
        if (t != DataType.INT64 && t != DataType.INT32) {
            throw new IllegalArgumentException(block + ": input '" + input + "' must hold int64 indices, got " + t);
        }
    }

    /**
     * Checks that {@code edgeIndex} is a {@code (2, E)} integer array.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param edgeIndex the array
     */
    public static void edgeIndex(String block, String input, NDArray edgeIndex) {
        rank(block, input, edgeIndex, 2, "(2, E) with row 0 = source, row 1 = target");
        if (edgeIndex.getShape().get(0) != 2) {
            throw new IllegalArgumentException(block + ": input '" + input
                    + "' must be (2, E) with row 0 = source and row 1 = target, got shape " + edgeIndex.getShape());
        }
        integer(block, input, edgeIndex);
    }

    /**
     * Checks that a floating-point array has no NaN or infinite entry. This copies one boolean to
     * the host (a device synchronization).
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     */
    public static void finite(String block, String input, NDArray x) {
        if (!x.getDataType().isFloating() || x.getShape().size() == 0) {
            return;
        }
        NDArray nan = x.isNaN();
        if (nan.logicalOr(x.isInfinite()).any().getBoolean()) {
            throw new IllegalArgumentException(block + ": input '" + input + "' contains "
                    + (nan.any().getBoolean() ? "NaN" : "an infinite value"));
        }
    }

    /**
     * Checks that every block of {@code irreps} has a positive multiplicity (a zero-multiplicity
     * block holds no feature but would still count in offsets and parameter layouts).
     *
     * @param block the Block's description
     * @param irreps the irreps
     */
    public static void noZeroMultiplicity(String block, Irreps irreps) {
        for (int i = 0; i < irreps.size(); i++) {
            if (irreps.get(i).mul() == 0) {
                throw new IllegalArgumentException(block + ": irreps " + irreps + " have a block of multiplicity 0 ("
                        + irreps.get(i) + " at position " + i + "); drop it first, for example with Irreps.simplify() = "
                        + irreps.simplify());
            }
        }
    }
}
