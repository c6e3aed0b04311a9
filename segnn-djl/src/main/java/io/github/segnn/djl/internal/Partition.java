// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Cuts an array into consecutive pieces along one axis in a single operation. Prefer it to several
 * slices of the same array wherever gradients flow: the backward pass of each slice fills a zero
 * array of the full input's size (for the tensor-product kernel this was 40% of an N-body training
 * step), while the backward pass of one split is a single concatenation.
 */
public final class Partition {

    private Partition() {}

    /**
     * Splits {@code x} along {@code axis} into pieces of the given sizes, which must add up to the
     * length of that axis.
     *
     * @param x the array
     * @param axis the axis
     * @param sizes the length of each piece, in order
     * @return the pieces (views of {@code x})
     * @throws IllegalArgumentException if the sizes do not add up to the axis length
     */
    public static NDList bySizes(NDArray x, int axis, long... sizes) {
        long total = 0;
        long[] points = new long[Math.max(0, sizes.length - 1)];
        for (int i = 0; i < sizes.length; i++) {
            total += sizes[i];
            if (i < points.length) {
                points[i] = total;
            }
        }
        if (total != x.getShape().get(axis)) {
            throw new IllegalArgumentException("pieces of " + total + " along axis " + axis + " do not cover shape "
                    + x.getShape());
        }
        return sizes.length == 1 ? new NDList(x) : x.split(points, axis);
    }

    /**
     * Joins pieces along {@code axis}, the inverse of {@link #bySizes}: a single piece is returned
     * as it is, without a copy.
     *
     * @param pieces the pieces, in order (at least one)
     * @param axis the axis
     * @return their concatenation
     */
    public static NDArray join(NDList pieces, int axis) {
        return pieces.size() == 1 ? pieces.singletonOrThrow() : NDArrays.concat(pieces, axis);
    }
}
