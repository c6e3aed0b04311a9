// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import java.util.Locale;

/**
 * The element types this package reads and writes, named by their numpy type strings without the
 * byte-order character ({@code f8} is float64).
 */
public enum NpyDtype {
    /** 64-bit IEEE float, numpy {@code float64}. */
    FLOAT64('f', 8),
    /** 32-bit IEEE float, numpy {@code float32}. */
    FLOAT32('f', 4),
    /** 64-bit signed integer, numpy {@code int64}. */
    INT64('i', 8),
    /** 32-bit signed integer, numpy {@code int32}. */
    INT32('i', 4),
    /** 16-bit signed integer, numpy {@code int16}. */
    INT16('i', 2),
    /** 8-bit signed integer, numpy {@code int8}. */
    INT8('i', 1),
    /** 8-bit unsigned integer, numpy {@code uint8}. */
    UINT8('u', 1),
    /** One-byte boolean, numpy {@code bool}. */
    BOOL('b', 1);

    private final char kind;
    private final int size;

    NpyDtype(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /**
     * Returns the number of bytes per element.
     *
     * @return the element size
     */
    public int size() {
        return size;
    }

    /**
     * Returns numpy's little-endian type string for this type, as {@code np.save} writes it on a
     * little-endian machine ({@code <f8}, {@code |u1}).
     *
     * @return the {@code descr} value
     */
    public String descr() {
        return (size == 1 ? "|" : "<") + kind + size;
    }

    /**
     * Finds the type for a numpy kind character and size.
     *
     * @param kind the kind: {@code f}, {@code i}, {@code u} or {@code b}
     * @param size the size in bytes
     * @return the type
     * @throws IllegalArgumentException if the combination is not supported
     */
    public static NpyDtype of(char kind, int size) {
        for (NpyDtype t : values()) {
            if (t.kind == kind && t.size == size) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unsupported dtype '" + kind + size + "' (supported: f8 f4 i8 i4 i2 i1 u1 b1)");
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
