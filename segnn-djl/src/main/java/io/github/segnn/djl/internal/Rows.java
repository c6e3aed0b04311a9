// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Row gathers {@code x[index]} (node features onto edges, graph features onto nodes) through
 * PyTorch's {@code gather} with a broadcast index. Same values and gradients as {@code x.get(index)},
 * but the backward pass is a scatter-add instead of the index-put with accumulation that
 * {@code x.get(index)} (advanced indexing) records, which PyTorch runs serially on the CPU.
 */
public final class Rows {

    private Rows() {}

    /**
     * Returns {@code out[r] = x[index[r]]}.
     *
     * @param x {@code (N, C)}
     * @param index {@code (R,)} int32 or int64, values in {@code [0, N)}
     * @return {@code (R, C)}
     */
    public static NDArray gather(NDArray x, NDArray index) {
        index = index.toType(DataType.INT64, false);
        long rows = index.getShape().get(0);
        if (x.getShape().dimension() == 1) {
            return x.gather(index, 0);
        }
        NDArray wide = index.reshape(rows, 1).broadcast(rows, x.getShape().get(1));
        return x.gather(wide, 0);
    }

    /**
     * Returns the rows of each pair side by side, component by component: for {@code x (N, d * mul)}
     * in {@link Layout#IR_MUL} (component-major copies of an irrep of dimension {@code d}),
     * {@code out[r, c, p, m] = x[pairs[r, p], c, m]}, which is the {@code IR_MUL} block of the
     * {@code 2 * mul} copies {@code [x[pairs[r, 0]] | x[pairs[r, 1]]]}. One gather of
     * {@code (N * d, mul)} rows gives it, where gathering each side and joining them per component
     * would take two gathers and a concatenation (and a concatenation and two splits backward).
     *
     * @param x {@code (N, d * mul)}, component-major (copied first where it is a strided view)
     * @param pairs {@code (R, 2)} int32 or int64, values in {@code [0, N)}
     * @param d the dimension of the irrep, {@code 2l + 1}
     * @return {@code (R, d * 2 * mul)}, component-major
     */
    public static NDArray gatherPairs(NDArray x, NDArray pairs, int d) {
        Shape s = x.getShape();
        Shape ps = pairs.getShape();
        if (s.dimension() != 2 || d < 1 || s.get(1) % d != 0 || ps.dimension() != 2 || ps.get(1) != 2) {
            throw new IllegalArgumentException("gatherPairs: needs x (N, d * mul) with d = " + d
                    + " and pairs (R, 2), got x " + s + " and pairs " + ps);
        }
        long n = s.get(0);
        long mul = s.get(1) / d;
        long r = ps.get(0);
        NDArray rows = pairs.toType(DataType.INT64, false);
        if (d > 1) {
            // row of (n, c) in x seen as (N * d, mul): n * d + c, laid out (r, c, p)
            NDArray components = x.getManager().arange(0, d, 1, DataType.INT64, x.getDevice()).reshape(1, d, 1);
            rows = rows.reshape(r, 1, 2).mul(d).add(components);
        }
        long count = r * d * 2;
        NDArray wide = rows.reshape(count, 1).broadcast(count, mul);
        // PyTorch's fast gather (a row copy per index) needs a contiguous source and takes a serial
        // element-by-element loop otherwise. A block cut from wider features is a strided view: the
        // reshape to (N * d, mul) copies it where d > 1; where d = 1 the flat reshape does (a view,
        // no copy, when x is contiguous already)
        NDArray source = d == 1 ? x.reshape(n * mul).reshape(n, mul) : x.reshape(n * d, mul);
        return source.gather(wide, 0).reshape(r, d * 2 * mul);
    }
}
