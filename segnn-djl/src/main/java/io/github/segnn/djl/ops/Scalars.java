package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic between an array and a Java number that is safe under autograd on DJL's PyTorch engine.
 *
 * <p>DJL's {@code x.mul(2.0)} (and {@code div}, {@code pow}, {@code maximum}, ...) wraps the number in
 * a scalar array that points into a Java direct buffer, runs the operation and closes the scalar at
 * once. PyTorch's autograd keeps that scalar for the backward pass of {@code mul}, {@code div},
 * {@code pow}, {@code maximum} and {@code minimum}; once the garbage collector frees the buffer, the
 * backward pass reads freed memory and gradients become wrong or NaN, at random. The methods here
 * make the scalar a copy that PyTorch owns. Use them wherever the array may require a gradient.
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a 0-dimensional array holding {@code value} with the data type and device of
     * {@code like}, in storage that PyTorch owns, attached to the manager of {@code like}.
     *
     * @param like gives data type, device and manager
     * @param value the value
     * @return the scalar array
     */
    public static NDArray constant(NDArray like, double value) {
        try (NDArray host = like.getManager().create(value)) {
            // a conversion or a transfer already makes a copy that PyTorch owns; only an unchanged
            // array still points into the Java buffer
            NDArray owned = host.toType(like.getDataType(), false).toDevice(like.getDevice(), false);
            return owned == host ? host.duplicate() : owned;
        }
    }

    /**
     * Returns {@code x * value}.
     *
     * @param x the array
     * @param value the factor
     * @return the product
     */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(constant(x, value));
    }

    /**
     * Returns {@code x ^ exponent}.
     *
     * @param x the array
     * @param exponent the exponent
     * @return the power
     */
    public static NDArray pow(NDArray x, double exponent) {
        return x.pow(constant(x, exponent));
    }

    /**
     * Returns {@code max(x, value)} element-wise.
     *
     * @param x the array
     * @param value the lower bound
     * @return the maximum
     */
    public static NDArray maximum(NDArray x, double value) {
        return x.maximum(constant(x, value));
    }
}
