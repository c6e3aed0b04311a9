package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.DoubleBuffer;

/**
 * Sparse COO matrices for the PyTorch engine: built from host arrays (constant operators such as
 * tensor-product couplings) or from device index arrays (graph incidence), without copying graph
 * indices back to the host.
 */
public final class Sparse {

    private Sparse() {}

    /**
     * Creates a COO matrix from host arrays on the manager's device.
     *
     * @param manager the manager (and device) of the result
     * @param rows row index of each entry
     * @param cols column index of each entry
     * @param values value of each entry
     * @param shape the dense shape {@code (rows, cols)}
     * @param dtype float32 or float64
     * @return the sparse matrix
     */
    public static NDArray coo(NDManager manager, long[] rows, long[] cols, double[] values, Shape shape,
            DataType dtype) {
        long[] both = new long[rows.length * 2];
        System.arraycopy(rows, 0, both, 0, rows.length);
        System.arraycopy(cols, 0, both, rows.length, cols.length);
        // duplicate() gives torch-owned storage: arrays created from Java buffers point into those
        // buffers, which DJL frees when the array is closed, while the sparse tensor would still use them
        NDArray indices = manager.create(both, new Shape(2, rows.length)).duplicate();
        NDArray vals = manager.create(DoubleBuffer.wrap(values), new Shape(values.length)).toType(dtype, true);
        return coo(indices, vals, shape);
    }

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
