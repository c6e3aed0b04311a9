// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Decompresses a single-stream bzip2 file with several threads, block by block, and delivers the
 * bytes in order.
 *
 * <p>A bzip2 stream is a 4-byte header {@code BZh1..9}, blocks that each start with the 48-bit
 * magic {@code 0x314159265359} and the block's CRC, and an end-of-stream marker {@code
 * 0x177245385090} with the combined CRC. Blocks are independent but not byte-aligned. This class
 * finds the block boundaries by a bit scan, wraps each block into a standalone one-block stream
 * (header, the block's bits, an end marker whose CRC is the block's CRC) and decodes these with
 * Commons Compress on a thread pool, a bounded number of blocks ahead of the reader.
 *
 * <p>{@link #open} declines (returns empty) whenever the file is not a plain single-stream bzip2
 * file or the block CRCs do not combine to the stream CRC (which also catches the astronomically
 * rare bit pattern that mimics a block magic inside compressed data); callers then fall back to
 * sequential decompression.
 */
final class ParallelBzip2InputStream extends InputStream {

    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;
    private static final long MASK48 = (1L << 48) - 1;

    private final Path file;
    private final MappedByteBuffer data;
    private final long[] starts; // bit offset of each block magic, plus the end marker's offset last
    private final int[] crcs;
    private final byte level;
    private final ExecutorService pool;
    private final int window;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private int nextBlock;
    private int currentBlock = -1;
    private byte[] current = new byte[0];
    private int pos;
    private boolean closed;

    private ParallelBzip2InputStream(
            Path file, MappedByteBuffer data, long[] starts, int[] crcs, byte level, int threads) {
        this.file = file;
        this.data = data;
        this.starts = starts;
        this.crcs = crcs;
        this.level = level;
        this.window = 2 * threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bzip2-block");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a file for parallel decompression if it is a single-stream bzip2 file whose block
     * structure checks out.
     *
     * @param file the {@code .bz2} file
     * @param threads the number of decoding threads, at least 1
     * @return the stream, or empty if the file must be decompressed sequentially
     * @throws IOException if the file cannot be read
     */
    static Optional<ParallelBzip2InputStream> open(Path file, int threads) throws IOException {
        MappedByteBuffer data;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < 14 || ch.size() > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        int n = data.limit();
        if (data.get(0) != 'B' || data.get(1) != 'Z' || data.get(2) != 'h' || data.get(3) < '1' || data.get(3) > '9') {
            return Optional.empty();
        }
        List<Long> magics = new ArrayList<>();
        List<Boolean> isEnd = new ArrayList<>();
        long w = 0;
        for (int i = 4; i < n; i++) {
            int b = data.get(i) & 0xff;
            for (int k = 7; k >= 0; k--) {
                w = (w << 1) | ((b >>> k) & 1);
                long low = w & MASK48;
                if (low == BLOCK_MAGIC || low == END_MAGIC) {
                    long end = 8L * i + (8 - k);
                    if (end - 48 >= 32) {
                        magics.add(end - 48);
                        isEnd.add(low == END_MAGIC);
                    }
                }
            }
        }
        int count = magics.size();
        if (count < 2 || magics.get(0) != 32 || isEnd.get(0) || !isEnd.get(count - 1)) {
            return Optional.empty();
        }
        for (int i = 0; i < count - 1; i++) {
            if (isEnd.get(i)) {
                return Optional.empty(); // several streams, or an end marker look-alike
            }
        }
        long endBit = magics.get(count - 1);
        // after the end marker: its 32-bit CRC, then zero padding to the next byte only
        if ((endBit + 48 + 32 + 7) / 8 != n) {
            return Optional.empty();
        }
        long[] starts = new long[count];
        int[] crcs = new int[count - 1];
        int combined = 0;
        for (int i = 0; i < count; i++) {
            starts[i] = magics.get(i);
            if (i < count - 1) {
                crcs[i] = (int) readBits(data, starts[i] + 48, 32);
                combined = ((combined << 1) | (combined >>> 31)) ^ crcs[i];
            }
        }
        int streamCrc = (int) readBits(data, endBit + 48, 32);
        if (streamCrc != combined) {
            return Optional.empty();
        }
        return Optional.of(new ParallelBzip2InputStream(file, data, starts, crcs, data.get(3), threads));
    }

    /**
     * Returns the number of bzip2 blocks in the file.
     *
     * @return the block count
     */
    int blockCount() {
        return crcs.length;
    }

    /** {@inheritDoc} */
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** {@inheritDoc} */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException(file + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean advance() throws IOException {
        while (inFlight.size() < window && nextBlock < crcs.length) {
            int block = nextBlock++;
            inFlight.add(pool.submit(() -> decode(block)));
        }
        Future<byte[]> next = inFlight.poll();
        if (next == null) {
            return false;
        }
        currentBlock++;
        try {
            current = next.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(
                    file + ": bzip2 block " + (currentBlock + 1) + " of " + crcs.length + " (bits "
                            + starts[currentBlock] + ".." + starts[currentBlock + 1] + "): " + c.getMessage(),
                    c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decompressing " + file, e);
        }
        pos = 0;
        return true;
    }

    /** Decodes one block as a standalone one-block bzip2 stream. */
    private byte[] decode(int block) throws IOException {
        long from = starts[block];
        long bits = starts[block + 1] - from;
        BitWriter out = new BitWriter((int) ((bits + 80) / 8) + 8);
        out.put('B', 8);
        out.put('Z', 8);
        out.put('h', 8);
        out.put(level, 8);
        long p = from;
        long end = from + bits;
        while (end - p >= 32) {
            out.put(readBits(data, p, 32), 32);
            p += 32;
        }
        if (end > p) {
            out.put(readBits(data, p, (int) (end - p)), (int) (end - p));
        }
        out.put(END_MAGIC, 48);
        out.put(crcs[block] & 0xffffffffL, 32);
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(out.toByteArray()), false)) {
            return in.readAllBytes();
        }
    }

    /** Reads {@code count} (at most 57) bits starting at a bit offset, most significant first. */
    private static long readBits(MappedByteBuffer data, long bitOffset, int count) {
        int first = (int) (bitOffset >>> 3);
        int skip = (int) (bitOffset & 7);
        int bytes = (skip + count + 7) / 8;
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            int idx = first + i;
            v = (v << 8) | (idx < data.limit() ? data.get(idx) & 0xff : 0);
        }
        return (v >>> (8 * bytes - skip - count)) & ((1L << count) - 1);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }

    /** Appends bit fields to a byte array, most significant bit first, zero-padding the end. */
    private static final class BitWriter {
        private byte[] buf;
        private int size;
        private long acc;
        private int accBits;

        BitWriter(int capacity) {
            buf = new byte[capacity];
        }

        void put(long value, int count) {
            for (int left = count; left > 0; ) {
                int take = Math.min(left, 32);
                left -= take;
                acc = (acc << take) | ((value >>> left) & ((1L << take) - 1));
                accBits += take;
                while (accBits >= 8) {
                    accBits -= 8;
                    append((byte) (acc >>> accBits));
                }
            }
        }

        byte[] toByteArray() {
            if (accBits > 0) {
                append((byte) (acc << (8 - accBits)));
                accBits = 0;
            }
            byte[] out = new byte[size];
            System.arraycopy(buf, 0, out, 0, size);
            return out;
        }

        private void append(byte b) {
            if (size == buf.length) {
                byte[] bigger = new byte[2 * buf.length + 16];
                System.arraycopy(buf, 0, bigger, 0, size);
                buf = bigger;
            }
            buf[size++] = b;
        }
    }
}
