// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sparse COO matrices for the PyTorch engine, built from device index arrays (graph incidence)
 * without copying graph indices back to the host.
 */
public final class Sparse {

    private Sparse() {}

    /**
     * Creates a COO matrix from a {@code (2, nnz)} int64 index array and values on any device.
     *
     * @param indices row and column indices, {@code (2, nnz)} int64
     * @param values the values, {@code (nnz,)}
     * @param shape the dense shape
     * @return the sparse matrix, on the device of {@code indices}
     */
    public static NDArray coo(NDArray indices, NDArray values, Shape shape) {
        return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, shape);
    }
}
