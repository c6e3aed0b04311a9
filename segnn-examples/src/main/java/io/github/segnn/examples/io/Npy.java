// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import io.github.segnn.djl.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads and writes numpy {@code .npy} files (format versions 1–3, C order).
 *
 * <p>Reading accepts float64, float32, int64, int32, int16, int8, uint8 and bool in either byte
 * order and rejects Fortran-ordered, structured and other dtypes with an {@link
 * NpyFormatException} that names the file. Writing produces exactly the bytes {@code np.save}
 * writes for a little-endian C-ordered array, via a temporary file that is moved into place, so a
 * failed write never leaves a truncated {@code .npy} behind.
 */
public final class Npy {

    private static final int CHUNK = 1 << 20;

    private Npy() {}

    /**
     * Reads only the header of a file.
     *
     * @param file the {@code .npy} file
     * @return its header
     * @throws NpyFormatException if the file is not a readable {@code .npy} file
     * @throws IOException if it cannot be read
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readPreamble(file, ch).header;
        }
    }

    /**
     * Reads the header of a file and checks that the file holds all the data the header announces,
     * without reading the data: a cheap completeness check for large files.
     *
     * @param file the {@code .npy} file
     * @return its header
     * @throws NpyFormatException if the header is malformed, the array is Fortran-ordered or the
     *     file is shorter than its header says
     * @throws IOException if it cannot be read
     */
    public static NpyHeader inspect(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Preamble p = readPreamble(file, ch);
            requireComplete(file, ch, p);
            return p.header;
        }
    }

    /**
     * Reads a whole file.
     *
     * @param file the {@code .npy} file
     * @return its array, converted to the platform byte order
     * @throws NpyFormatException if the header is malformed, the dtype is unsupported, the data is
     *     in Fortran order or the file is shorter than its header says
     * @throws IOException if it cannot be read
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Preamble p = readPreamble(file, ch);
            NpyHeader h = p.header;
            requireComplete(file, ch, p);
            return readData(file, ch, h);
        }
    }

    /**
     * Returns the elements of an array as doubles after checking that every one is finite: a NaN
     * or infinity in a data file is reported with the file and the element's index, before any
     * computation turns it into a NaN loss.
     *
     * @param file the file the array came from, for the message
     * @param array the array
     * @return its elements as doubles, in C order
     * @throws NpyFormatException naming the file, the index and the value of the first non-finite
     *     element, and how many there are
     */
    public static double[] finiteDoubles(Path file, NpyArray array) throws NpyFormatException {
        double[] d = array.dtype() == NpyDtype.FLOAT64 ? array.doubles() : array.toDoubleArray();
        int first = -1;
        int count = 0;
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        if (first >= 0) {
            throw new NpyFormatException(file, "non-finite value " + d[first] + " at index " + index(array.shape(), first)
                    + (count > 1 ? " (" + count + " non-finite values in all)" : "")
                    + "; the data set is damaged: regenerate it or restore the file");
        }
        return d;
    }

    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = shape[k] == 0 ? 0 : rest % shape[k];
            rest = shape[k] == 0 ? rest : rest / shape[k];
        }
        return Arrays.toString(idx);
    }

    /**
     * Writes an array as {@code np.save} would.
     *
     * @param file the destination; missing parent folders are created
     * @param array the array
     * @throws IOException naming the file and the reason if it cannot be written (no temporary file
     *     is left behind)
     */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(array.header().encode()));
                writeData(ch, array);
            }
        });
    }

    /**
     * Writes float64 data as {@code np.save(file, data.reshape(shape))} would.
     *
     * @param file the destination
     * @param data the elements in C order
     * @param shape the dimensions; their product must equal {@code data.length}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, double[] data, int... shape) throws IOException {
        write(file, NpyArray.ofDoubles(data, shape));
    }

    private static final class Preamble {
        private final NpyHeader header;
        private final long dataOffset;

        private Preamble(NpyHeader header, long dataOffset) {
            this.header = header;
            this.dataOffset = dataOffset;
        }
    }

    private static void requireComplete(Path file, FileChannel ch, Preamble p) throws IOException {
        NpyHeader h = p.header;
        if (h.fortranOrder()) {
            throw new NpyFormatException(file, "Fortran-ordered arrays are not supported (save with C order)");
        }
        long need = (long) h.size() * h.dtype().size();
        long have = ch.size() - p.dataOffset;
        if (have < need) {
            throw new NpyFormatException(
                    file, "truncated: header " + h.dictionary() + " needs " + need + " data bytes, file has " + have);
        }
    }

    private static Preamble readPreamble(Path file, FileChannel ch) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        if (!readFully(ch, start)) {
            throw new NpyFormatException(file, "too short for a .npy header");
        }
        byte[] magic = Arrays.copyOf(start.array(), 6);
        if (!Arrays.equals(magic, NpyHeader.MAGIC)) {
            throw new NpyFormatException(file, "not a .npy file (bad magic bytes)");
        }
        int major = start.get(6);
        long length;
        int prefix;
        if (major == 1) {
            length = start.getShort(8) & 0xffff;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            ByteBuffer more = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            if (!readFully(ch, more)) {
                throw new NpyFormatException(file, "too short for a .npy header");
            }
            length = (start.getShort(8) & 0xffffL) | ((long) (more.getShort(0) & 0xffff) << 16);
            prefix = 12;
        } else {
            throw new NpyFormatException(file, "unsupported .npy format version " + major);
        }
        if (length > 1 << 24) {
            throw new NpyFormatException(file, "implausible header length " + length);
        }
        ByteBuffer dict = ByteBuffer.allocate((int) length);
        if (!readFully(ch, dict)) {
            throw new NpyFormatException(file, "header is truncated");
        }
        return new Preamble(NpyHeader.parse(file, dict.array()), prefix + length);
    }

    private static NpyArray readData(Path file, FileChannel ch, NpyHeader h) throws IOException {
        int n = h.size();
        int[] shape = h.shape();
        int item = h.dtype().size();
        ByteBuffer buf = ByteBuffer.allocate(Math.max(item, CHUNK - CHUNK % 8)).order(h.byteOrder());
        double[] d = null;
        float[] f = null;
        long[] l = null;
        int[] i32 = null;
        short[] s = null;
        byte[] b = null;
        switch (h.dtype()) {
            case FLOAT64:
                d = new double[n];
                break;
            case FLOAT32:
                f = new float[n];
                break;
            case INT64:
                l = new long[n];
                break;
            case INT32:
                i32 = new int[n];
                break;
            case INT16:
                s = new short[n];
                break;
            default:
                b = new byte[n];
                break;
        }
        int done = 0;
        while (done < n) {
            int count = Math.min(n - done, buf.capacity() / item);
            buf.clear().limit(count * item);
            if (!readFully(ch, buf)) {
                throw new NpyFormatException(file, "truncated: unexpected end of data");
            }
            buf.flip();
            if (d != null) {
                buf.asDoubleBuffer().get(d, done, count);
            } else if (f != null) {
                buf.asFloatBuffer().get(f, done, count);
            } else if (l != null) {
                buf.asLongBuffer().get(l, done, count);
            } else if (i32 != null) {
                buf.asIntBuffer().get(i32, done, count);
            } else if (s != null) {
                buf.asShortBuffer().get(s, done, count);
            } else {
                buf.get(b, done, count);
            }
            done += count;
        }
        switch (h.dtype()) {
            case FLOAT64:
                return NpyArray.ofDoubles(d, shape);
            case FLOAT32:
                return NpyArray.ofFloats(f, shape);
            case INT64:
                return NpyArray.ofLongs(l, shape);
            case INT32:
                return NpyArray.ofInts(i32, shape);
            case INT16:
                return NpyArray.ofShorts(s, shape);
            default:
                return NpyArray.ofBytes(h.dtype(), b, shape);
        }
    }

    private static void writeData(FileChannel ch, NpyArray array) throws IOException {
        int n = array.size();
        int item = array.dtype().size();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        Object data = array.data();
        int done = 0;
        while (done < n) {
            int count = Math.min(n - done, CHUNK / item);
            buf.clear();
            switch (array.dtype()) {
                case FLOAT64:
                    buf.asDoubleBuffer().put((double[]) data, done, count);
                    break;
                case FLOAT32:
                    buf.asFloatBuffer().put((float[]) data, done, count);
                    break;
                case INT64:
                    buf.asLongBuffer().put((long[]) data, done, count);
                    break;
                case INT32:
                    buf.asIntBuffer().put((int[]) data, done, count);
                    break;
                case INT16:
                    buf.asShortBuffer().put((short[]) data, done, count);
                    break;
                default:
                    buf.put((byte[]) data, done, count);
                    break;
            }
            buf.position(0).limit(count * item);
            writeFully(ch, buf);
            done += count;
        }
    }

    private static boolean readFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
