// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Arithmetic between an array and a Java number that is safe under autograd on DJL's PyTorch engine.
 *
 * <p>DJL's {@code x.mul(2.0)} (and {@code div}, {@code pow}, {@code maximum}, ...) wraps the number in
 * a scalar array that points into a Java direct buffer, runs the operation and closes the scalar at
 * once. PyTorch's autograd keeps that scalar for the backward pass of {@code mul}, {@code div},
 * {@code pow}, {@code maximum} and {@code minimum}; once the garbage collector frees the buffer, the
 * backward pass reads freed memory and gradients become wrong or NaN, at random. The methods here
 * make the scalar a copy that PyTorch owns. Use them wherever the array may require a gradient.
 *
 * <p>{@link #mul}, {@link #pow} and {@link #maximum} take their scalar from a cache (one per value,
 * data type and device, in a manager that lives as long as the class), so that a forward pass does not
 * create and convert the same constants again at every call.
 */
public final class Scalars {

    /** Beyond this many cached scalars (never reached by the layers here), scalars are made per call. */
    private static final int MAX_SHARED = 4096;
    private static final Map<String, NDArray> SHARED = new ConcurrentHashMap<>();
    private static final Map<String, NDManager> OWNERS = new ConcurrentHashMap<>();

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
     * Returns the cached scalar {@code value} with the data type and device of {@code like}: an array
     * no caller may close, in a manager of its own, owned by PyTorch as {@link #constant} makes it.
     */
    private static NDArray shared(NDArray like, double value) {
        String device = like.getDevice().toString();
        String key = device + '/' + like.getDataType() + '/' + Double.doubleToLongBits(value);
        NDArray c = SHARED.get(key);
        if (c != null) {
            return c;
        }
        if (SHARED.size() >= MAX_SHARED) {
            return constant(like, value);
        }
        return SHARED.computeIfAbsent(key, k -> {
            NDManager owner = OWNERS.computeIfAbsent(device, d -> NDManager.newBaseManager(like.getDevice()));
            NDArray own = constant(like, value);
            own.attach(owner);
            // cached for the life of the process: an NDScope open while it was made must not close it
            NDScope.unregister(own);
            return own;
        });
    }

    /**
     * Returns {@code x * value}.
     *
     * @param x the array
     * @param value the factor
     * @return the product
     */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(shared(x, value));
    }

    /**
     * Returns {@code x ^ exponent}.
     *
     * @param x the array
     * @param exponent the exponent
     * @return the power
     */
    public static NDArray pow(NDArray x, double exponent) {
        return x.pow(shared(x, exponent));
    }

    /**
     * Returns {@code max(x, value)} element-wise.
     *
     * @param x the array
     * @param value the lower bound
     * @return the maximum
     */
    public static NDArray maximum(NDArray x, double value) {
        return x.maximum(shared(x, value));
    }
}
