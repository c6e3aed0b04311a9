// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a {@code .npy} file: a type, a C-order shape and the
 * elements in a primitive Java array.
 *
 * <p>The typed accessors ({@link #doubles()}, {@link #floats()}, ...) return the backing array
 * without copying, so that multi-megabyte data sets are not duplicated; callers must not modify it.
 * The {@code to*Array} methods convert and copy.
 */
public final class NpyArray {

    private final NpyDtype dtype;
    private final int[] shape;
    private final Object data;

    private NpyArray(NpyDtype dtype, Object data, int length, int[] shape) {
        this.dtype = dtype;
        this.shape = shape.clone();
        int size = NpyHeader.sizeOf(this.shape);
        if (size != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " elements, got " + length);
        }
        this.data = data;
    }

    /**
     * Wraps float64 data.
     *
     * @param data the elements in C order (not copied)
     * @param shape the dimensions; their product must equal {@code data.length}
     * @return the array
     */
    public static NpyArray ofDoubles(double[] data, int... shape) {
        return new NpyArray(NpyDtype.FLOAT64, data, data.length, shape);
    }

    /**
     * Wraps float32 data.
     *
     * @param data the elements in C order (not copied)
     * @param shape the dimensions; their product must equal {@code data.length}
     * @return the array
     */
    public static NpyArray ofFloats(float[] data, int... shape) {
        return new NpyArray(NpyDtype.FLOAT32, data, data.length, shape);
    }

    /**
     * Wraps int64 data.
     *
     * @param data the elements in C order (not copied)
     * @param shape the dimensions; their product must equal {@code data.length}
     * @return the array
     */
    public static NpyArray ofLongs(long[] data, int... shape) {
        return new NpyArray(NpyDtype.INT64, data, data.length, shape);
    }

    /**
     * Wraps int32 data.
     *
     * @param data the elements in C order (not copied)
     * @param shape the dimensions; their product must equal {@code data.length}
     * @return the array
     */
    public static NpyArray ofInts(int[] data, int... shape) {
        return new NpyArray(NpyDtype.INT32, data, data.length, shape);
    }

    /**
     * Wraps int16 data.
     *
     * @param data the elements in C order (not copied)
     * @param shape the dimensions; their product must equal {@code data.length}
     * @return the array
     */
    public static NpyArray ofShorts(short[] data, int... shape) {
        return new NpyArray(NpyDtype.INT16, data, data.length, shape);
    }

    /**
     * Wraps one-byte data of type int8, uint8 or bool.
     *
     * @param dtype {@link NpyDtype#INT8}, {@link NpyDtype#UINT8} or {@link NpyDtype#BOOL}
     * @param data the elements in C order (not copied)
     * @param shape the dimensions; their product must equal {@code data.length}
     * @return the array
     * @throws IllegalArgumentException if the type is not a one-byte type
     */
    public static NpyArray ofBytes(NpyDtype dtype, byte[] data, int... shape) {
        if (Objects.requireNonNull(dtype, "dtype").size() != 1) {
            throw new IllegalArgumentException("not a one-byte dtype: " + dtype);
        }
        return new NpyArray(dtype, data, data.length, shape);
    }

    /**
     * Returns the element type.
     *
     * @return the dtype
     */
    public NpyDtype dtype() {
        return dtype;
    }

    /**
     * Returns a copy of the dimensions.
     *
     * @return the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the number of elements.
     *
     * @return the product of the dimensions
     */
    public int size() {
        return NpyHeader.sizeOf(shape);
    }

    /**
     * Returns the header {@code np.save} would write for this array.
     *
     * @return a little-endian, C-order header
     */
    public NpyHeader header() {
        return NpyHeader.of(dtype, shape);
    }

    /**
     * Returns the backing float64 data.
     *
     * @return the elements, not copied
     * @throws IllegalStateException if the type is not float64
     */
    public double[] doubles() {
        return typed(NpyDtype.FLOAT64, double[].class);
    }

    /**
     * Returns the backing float32 data.
     *
     * @return the elements, not copied
     * @throws IllegalStateException if the type is not float32
     */
    public float[] floats() {
        return typed(NpyDtype.FLOAT32, float[].class);
    }

    /**
     * Returns the backing int64 data.
     *
     * @return the elements, not copied
     * @throws IllegalStateException if the type is not int64
     */
    public long[] longs() {
        return typed(NpyDtype.INT64, long[].class);
    }

    /**
     * Returns the backing int32 data.
     *
     * @return the elements, not copied
     * @throws IllegalStateException if the type is not int32
     */
    public int[] ints() {
        return typed(NpyDtype.INT32, int[].class);
    }

    /**
     * Returns the backing int16 data.
     *
     * @return the elements, not copied
     * @throws IllegalStateException if the type is not int16
     */
    public short[] shorts() {
        return typed(NpyDtype.INT16, short[].class);
    }

    /**
     * Returns the backing one-byte data (int8, uint8 or bool).
     *
     * @return the elements, not copied
     * @throws IllegalStateException if the type is not a one-byte type
     */
    public byte[] bytes() {
        if (dtype.size() != 1) {
            throw new IllegalStateException("array is " + dtype + ", not a one-byte type");
        }
        return (byte[]) data;
    }

    /**
     * Returns the elements converted to doubles (uint8 is read as unsigned, bool as 0 or 1).
     *
     * @return a new array
     */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = element(i);
        }
        return out;
    }

    /**
     * Returns the elements converted to longs; floating-point values must be integral.
     *
     * @return a new array
     * @throws IllegalStateException if a floating-point element is not an integer
     */
    public long[] toLongArray() {
        int n = size();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            double v = element(i);
            if (dtype == NpyDtype.INT64) {
                out[i] = ((long[]) data)[i];
            } else if (v != Math.rint(v) || Double.isInfinite(v)) {
                throw new IllegalStateException("element " + i + " is not an integer: " + v);
            } else {
                out[i] = (long) v;
            }
        }
        return out;
    }

    private double element(int i) {
        switch (dtype) {
            case FLOAT64:
                return ((double[]) data)[i];
            case FLOAT32:
                return ((float[]) data)[i];
            case INT64:
                return ((long[]) data)[i];
            case INT32:
                return ((int[]) data)[i];
            case INT16:
                return ((short[]) data)[i];
            case INT8:
                return ((byte[]) data)[i];
            case UINT8:
            case BOOL:
                return ((byte[]) data)[i] & 0xff;
            default:
                throw new AssertionError(dtype);
        }
    }

    Object data() {
        return data;
    }

    private <T> T typed(NpyDtype expected, Class<T> type) {
        if (dtype != expected) {
            throw new IllegalStateException("array is " + dtype + ", not " + expected);
        }
        return type.cast(data);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "NpyArray[" + dtype + ", shape=" + Arrays.toString(shape) + "]";
    }
}
