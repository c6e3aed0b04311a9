// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

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
}
