// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a {@code .npy} file: element type, byte order, memory order and shape.
 *
 * <p>{@link #encode()} produces the bytes {@code np.save} (numpy 1.23 and later) writes: format
 * version 1.0 (2.0 when the header needs more than 65535 bytes), the keys in sorted order, 21
 * spare characters after the header for growing the first axis, and padding to a multiple of 64
 * bytes ending in a newline. {@link #parse(Path, byte[])} accepts any version 1, 2 or 3 header.
 */
public final class NpyHeader {

    /** The six magic bytes every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Pattern DESCR =
            Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN =
            Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private final NpyDtype dtype;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final int[] shape;

    /**
     * Creates a header.
     *
     * @param dtype the element type
     * @param byteOrder the byte order of the data
     * @param fortranOrder whether the data is stored in column-major order
     * @param shape the dimensions, each at least 0
     * @throws IllegalArgumentException if a dimension is negative or the size exceeds a Java array
     */
    public NpyHeader(NpyDtype dtype, ByteOrder byteOrder, boolean fortranOrder, int... shape) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.byteOrder = Objects.requireNonNull(byteOrder, "byteOrder");
        this.fortranOrder = fortranOrder;
        this.shape = shape.clone();
        sizeOf(this.shape);
    }

    /**
     * Creates the header {@code np.save} writes for a little-endian C-ordered array.
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @return the header
     */
    public static NpyHeader of(NpyDtype dtype, int... shape) {
        return new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape);
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
     * Returns the byte order of the data.
     *
     * @return the byte order
     */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /**
     * Returns whether the data is stored in column-major (Fortran) order.
     *
     * @return the {@code fortran_order} flag
     */
    public boolean fortranOrder() {
        return fortranOrder;
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
        return sizeOf(shape);
    }

    /**
     * Returns the Python dictionary literal numpy writes, without padding.
     *
     * @return for example {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }}
     */
    public String dictionary() {
        String order = dtype.size() == 1 ? "|" : byteOrder == ByteOrder.BIG_ENDIAN ? ">" : "<";
        return "{'descr': '"
                + order
                + dtype.descr().substring(1)
                + "', 'fortran_order': "
                + (fortranOrder ? "True" : "False")
                + ", 'shape': "
                + shapeTuple()
                + ", }";
    }

    /**
     * Returns the complete preamble (magic, version, length, padded dictionary) as numpy writes it.
     *
     * @return the bytes that precede the data
     */
    public byte[] encode() {
        StringBuilder text = new StringBuilder(dictionary());
        if (shape.length > 0) {
            int growth = fortranOrder ? shape[shape.length - 1] : shape[0];
            text.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(growth).length()));
        }
        int unpadded = text.length() + 1;
        int major = 1;
        int lengthBytes = 2;
        int prefix = MAGIC.length + 2 + lengthBytes;
        int pad = ALIGN - ((prefix + unpadded) % ALIGN);
        if (unpadded + pad >= 65536) {
            major = 2;
            lengthBytes = 4;
            prefix = MAGIC.length + 2 + lengthBytes;
            pad = ALIGN - ((prefix + unpadded) % ALIGN);
        }
        text.append(" ".repeat(pad)).append('\n');
        byte[] dict = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[prefix + dict.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        long len = dict.length;
        for (int i = 0; i < lengthBytes; i++) {
            out[8 + i] = (byte) (len >>> (8 * i));
        }
        System.arraycopy(dict, 0, out, prefix, dict.length);
        return out;
    }

    /**
     * Parses a header dictionary.
     *
     * @param file the file it came from, named in error messages
     * @param dictionary the dictionary bytes (after magic, version and length)
     * @return the header
     * @throws NpyFormatException if a key is missing or malformed, the dtype is unsupported or
     *     structured, or the shape is too large
     */
    public static NpyHeader parse(Path file, byte[] dictionary) throws NpyFormatException {
        String text = new String(dictionary, StandardCharsets.UTF_8).trim();
        Matcher descr = DESCR.matcher(text);
        if (!descr.find()) {
            throw new NpyFormatException(
                    file, "header has no simple 'descr' (structured dtypes are not supported): " + text);
        }
        Matcher fortran = FORTRAN.matcher(text);
        if (!fortran.find()) {
            throw new NpyFormatException(file, "header has no 'fortran_order': " + text);
        }
        Matcher shapeMatch = SHAPE.matcher(text);
        if (!shapeMatch.find()) {
            throw new NpyFormatException(file, "header has no 'shape' tuple: " + text);
        }
        String d = descr.group(1);
        if (d.length() < 3) {
            throw new NpyFormatException(file, "malformed dtype '" + d + "'");
        }
        ByteOrder order;
        switch (d.charAt(0)) {
            case '<':
            case '|':
            case '=':
                order = ByteOrder.LITTLE_ENDIAN;
                break;
            case '>':
                order = ByteOrder.BIG_ENDIAN;
                break;
            default:
                throw new NpyFormatException(file, "malformed dtype '" + d + "'");
        }
        NpyDtype dtype;
        try {
            dtype = NpyDtype.of(d.charAt(1), Integer.parseInt(d.substring(2)));
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(
                    file, "unsupported dtype '" + d + "' (supported: f8 f4 i8 i4 i2 i1 u1 b1)");
        }
        List<Integer> dims = new ArrayList<>();
        for (String part : shapeMatch.group(1).split(",")) {
            String p = part.trim();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NpyFormatException(file, "dimension out of range: " + p);
                }
                dims.add((int) v);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(file, "malformed shape (" + shapeMatch.group(1) + ")");
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        try {
            return new NpyHeader(dtype, order, "True".equals(fortran.group(1)), shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file, e.getMessage());
        }
    }

    private String shapeTuple() {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        return b.append(')').toString();
    }

    static int sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has too many elements for one array");
            }
        }
        return (int) size;
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NpyHeader)) {
            return false;
        }
        NpyHeader h = (NpyHeader) o;
        return dtype == h.dtype
                && byteOrder.equals(h.byteOrder)
                && fortranOrder == h.fortranOrder
                && Arrays.equals(shape, h.shape);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Objects.hash(dtype, byteOrder, fortranOrder, Arrays.hashCode(shape));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return dictionary();
    }
}
