// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.djl.internal.Sparse;

/**
 * Sum and mean of rows grouped by an index (edges to nodes, nodes to graphs), the scatter-add that
 * DJL lacks. Implemented as a product with a sparse {@code (groups x rows)} incidence matrix, so
 * duplicates add and gradients are exact; no dense one-hot matrix is formed.
 *
 * <p>An instance is built once per index and reused for every sum over it.
 */
public final class Scatter {

    private final NDArray incidence;
    private final long groups;
    private NDArray counts;

    private Scatter(NDArray incidence, long groups) {
        this.incidence = incidence;
        this.groups = groups;
    }

    /**
     * Builds the incidence of {@code index}: row {@code r} belongs to group {@code index[r]}.
     *
     * @param index the group of each row, {@code (rows,)} int64, values in {@code [0, groups)}
     * @param groups the number of groups
     * @param dtype the data type of the values that will be summed
     * @return the scatter operator
     */
    public static Scatter of(NDArray index, long groups, DataType dtype) {
        NDManager m = index.getManager();
        long rows = index.getShape().get(0);
        NDArray idx = index.toType(DataType.INT64, false);
        NDArray cols = m.arange(0, rows, 1, DataType.INT64, index.getDevice());
        NDArray indices = idx.reshape(1, rows).concat(cols.reshape(1, rows), 0);
        NDArray ones = m.ones(new Shape(rows), dtype, index.getDevice());
        return new Scatter(Sparse.coo(indices, ones, new Shape(groups, rows)), groups);
    }

    /**
     * Returns {@code out[g] = sum over rows r with index[r] = g of values[r]}.
     *
     * @param values {@code (rows, C)}
     * @return {@code (groups, C)}
     */
    public NDArray sum(NDArray values) {
        return incidence.matMul(values);
    }

    /**
     * Returns the mean of the rows in each group; empty groups give 0.
     *
     * @param values {@code (rows, C)}
     * @return {@code (groups, C)}
     */
    public NDArray mean(NDArray values) {
        return sum(values).div(counts());
    }

    /**
     * Returns the number of rows in each group (at least 1, so that divisions are safe).
     *
     * @return {@code (groups, 1)}
     */
    public NDArray counts() {
        if (counts == null) {
            long rows = incidence.getShape().get(1);
            NDArray ones = incidence.getManager().ones(new Shape(rows, 1), incidence.getDataType(),
                    incidence.getDevice());
            counts = incidence.matMul(ones).maximum(1);
            // kept with the operator: an NDScope open around its first use must not close it
            NDScope.unregister(counts);
        }
        return counts;
    }

    /**
     * Returns the number of groups.
     *
     * @return the group count
     */
    public long groups() {
        return groups;
    }
}
