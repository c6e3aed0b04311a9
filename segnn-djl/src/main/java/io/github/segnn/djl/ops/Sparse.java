package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

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
        long[][] indices = {rows, cols};
        if (dtype == DataType.FLOAT64) {
            return manager.createCoo(DoubleBuffer.wrap(values), indices, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return manager.createCoo(FloatBuffer.wrap(f), indices, shape);
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
