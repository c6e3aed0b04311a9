// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes screening rows as an Apache Parquet file (format version 1, uncompressed, PLAIN values,
 * one data page per column and row group), atomically like {@link ScreenWriter}. The schema is that
 * of the Spark job's output: {@code id, formula, unit, error} required UTF-8 strings, {@code atoms}
 * required int32, {@code prediction} optional double (null on error rows). A row group is written
 * every {@value #ROWS_PER_GROUP} rows, so memory stays bounded however long the input.
 */
final class ParquetScreenWriter implements RowSink {

    static final int ROWS_PER_GROUP = 65_536;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int INT32 = 1;
    private static final int DOUBLE = 5;
    private static final int BYTE_ARRAY = 6;
    private static final String[] NAMES = ScreenRow.COLUMNS;
    private static final int[] TYPES = {BYTE_ARRAY, BYTE_ARRAY, INT32, DOUBLE, BYTE_ARRAY, BYTE_ARRAY};
    private static final int PREDICTION = 3;

    private final Path out;
    private final Path tmp;
    private final OutputStream file;
    private long position;
    private final ByteArrayOutputStream[] values = new ByteArrayOutputStream[NAMES.length];
    private final List<Boolean> present = new ArrayList<>();
    private int rowsInGroup;
    private long totalRows;
    private final List<byte[]> rowGroups = new ArrayList<>();
    private boolean committed;

    ParquetScreenWriter(Path out) throws IOException {
        this.out = out;
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
        file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        file.write(MAGIC);
        position = MAGIC.length;
        for (int c = 0; c < values.length; c++) {
            values[c] = new ByteArrayOutputStream();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void write(ScreenRow row) throws IOException {
        bytes(values[0], row.id());
        bytes(values[1], row.formula());
        values[2].write(le(4).putInt(row.atoms()).array());
        boolean has = row.ok();
        present.add(has);
        if (has) {
            values[3].write(le(8).putDouble(row.prediction()).array());
        }
        bytes(values[4], row.unit());
        bytes(values[5], row.error());
        rowsInGroup++;
        totalRows++;
        if (rowsInGroup == ROWS_PER_GROUP) {
            flushGroup();
        }
    }

    private void flushGroup() throws IOException {
        if (rowsInGroup == 0) {
            return;
        }
        ThriftCompact group = new ThriftCompact().begin();
        group.list(1, ThriftCompact.STRUCT, NAMES.length);
        long groupBytes = 0;
        for (int c = 0; c < NAMES.length; c++) {
            byte[] page = c == PREDICTION ? concat(definitionLevels(), values[c].toByteArray()) : values[c].toByteArray();
            byte[] header = new ThriftCompact().begin().i32(1, 0).i32(2, page.length).i32(3, page.length)
                    .struct(5).i32(1, rowsInGroup).i32(2, 0).i32(3, 3).i32(4, 3).end().end().bytes();
            long offset = position;
            file.write(header);
            file.write(page);
            long size = header.length + page.length;
            position += size;
            groupBytes += size;
            group.begin().i64(2, offset).struct(3).i32(1, TYPES[c]);
            group.list(2, ThriftCompact.I32, c == PREDICTION ? 2 : 1).rawI32(0);
            if (c == PREDICTION) {
                group.rawI32(3);
            }
            group.list(3, ThriftCompact.BINARY, 1).rawString(NAMES[c]);
            group.i32(4, 0).i64(5, rowsInGroup).i64(6, size).i64(7, size).i64(9, offset).end().end();
            values[c].reset();
        }
        group.i64(2, groupBytes).i64(3, rowsInGroup).end();
        rowGroups.add(group.bytes());
        present.clear();
        rowsInGroup = 0;
    }

    /** Definition levels of the optional column: 4-byte length, then RLE runs of bit width 1. */
    private byte[] definitionLevels() {
        ByteArrayOutputStream rle = new ByteArrayOutputStream();
        int i = 0;
        while (i < present.size()) {
            boolean v = present.get(i);
            int j = i;
            while (j < present.size() && present.get(j) == v) {
                j++;
            }
            long header = (long) (j - i) << 1;
            while ((header & ~0x7FL) != 0) {
                rle.write((int) ((header & 0x7F) | 0x80));
                header >>>= 7;
            }
            rle.write((int) header);
            rle.write(v ? 1 : 0);
            i = j;
        }
        byte[] body = rle.toByteArray();
        return concat(le(4).putInt(body.length).array(), body);
    }

    /** {@inheritDoc} */
    @Override
    public void commit() throws IOException {
        flushGroup();
        ThriftCompact meta = new ThriftCompact().begin().i32(1, 1);
        meta.list(2, ThriftCompact.STRUCT, NAMES.length + 1);
        meta.begin().string(4, "spark_schema").i32(5, NAMES.length).end();
        for (int c = 0; c < NAMES.length; c++) {
            meta.begin().i32(1, TYPES[c]).i32(3, c == PREDICTION ? 1 : 0).string(4, NAMES[c]);
            if (TYPES[c] == BYTE_ARRAY) {
                meta.i32(6, 0).struct(10).struct(1).end().end();
            }
            meta.end();
        }
        meta.i64(3, totalRows);
        meta.list(4, ThriftCompact.STRUCT, rowGroups.size());
        byte[] head = meta.bytes();
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.write(head);
        for (byte[] g : rowGroups) {
            footer.write(g);
        }
        footer.write(0); // stop byte of FileMetaData
        byte[] f = footer.toByteArray();
        file.write(f);
        file.write(le(4).putInt(f.length).array());
        file.write(MAGIC);
        file.close();
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** {@inheritDoc} */
    @Override
    public void close() throws IOException {
        if (!committed) {
            file.close();
            Files.deleteIfExists(tmp);
        }
    }

    private static void bytes(ByteArrayOutputStream o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write(le(4).putInt(b.length).array());
        o.write(b);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
