// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

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
 * <p>{@link #mul}, {@link #pow} and {@link #maximum} take their scalar from a cache owned by the
 * manager of the array they are given (one scalar per value, data type and device), so that a
 * forward pass, whose intermediate arrays share the batch's manager, makes each constant once and
 * not at every call. The scalars are arrays of that manager and the cache is dropped when the
 * manager closes: nothing outlives it.
 */
public final class Scalars {

    /** Beyond this many scalars in one manager (never reached by the layers here), scalars are made per call. */
    private static final int MAX_SHARED = 4096;
    private static final Map<NDManager, ManagerCache> CACHES = new ConcurrentHashMap<>();

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
     * Returns the scalar {@code value} with the data type and device of {@code like} from the cache of
     * its manager: an array no caller may close, owned by PyTorch as {@link #constant} makes it.
     */
    private static NDArray shared(NDArray like, double value) {
        NDManager manager = like.getManager();
        if (!manager.isOpen()) {
            return constant(like, value);
        }
        ManagerCache cache = CACHES.get(manager);
        if (cache == null) {
            cache = CACHES.computeIfAbsent(manager, ManagerCache::new);
        }
        return cache.get(like, value);
    }

    /** Returns how many scalars the cache of {@code manager} holds (0 when it has none, or closed). */
    static int cachedIn(NDManager manager) {
        ManagerCache cache = CACHES.get(manager);
        return cache == null ? 0 : cache.scalars.size();
    }

    /** The scalars of one manager; closed with it, which removes it from the caches. */
    private static final class ManagerCache implements AutoCloseable {
        private final NDManager manager;
        private final Map<String, NDArray> scalars = new ConcurrentHashMap<>();

        ManagerCache(NDManager manager) {
            this.manager = manager;
            manager.attachInternal("segnn-scalars-" + System.identityHashCode(this), this);
        }

        NDArray get(NDArray like, double value) {
            String key = like.getDevice().toString() + '/' + like.getDataType() + '/' + Double.doubleToLongBits(value);
            NDArray c = scalars.get(key);
            if (c != null) {
                return c;
            }
            if (scalars.size() >= MAX_SHARED) {
                return constant(like, value);
            }
            return scalars.computeIfAbsent(key, k -> {
                NDArray own = constant(like, value);
                // lives as long as the manager: an NDScope open while it was made must not close it
                NDScope.unregister(own);
                return own;
            });
        }

        @Override
        public void close() {
            // the scalars are the manager's arrays and close with it
            CACHES.remove(manager, this);
            scalars.clear();
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
