// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A writer of Apache Thrift's compact protocol, the encoding of Parquet's page headers and file
 * footer: field headers carry the delta of field ids and the type, integers are zigzag varints,
 * strings are length-prefixed bytes, structs end with a stop byte. Only what {@link
 * ParquetScreenWriter} writes is here.
 */
final class ThriftCompact {

    static final int I32 = 5;
    static final int I64 = 6;
    static final int BINARY = 8;
    static final int LIST = 9;
    static final int STRUCT = 12;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> lastIds = new ArrayDeque<>();
    private int lastId;

    ThriftCompact field(int id, int type) {
        int delta = id - lastId;
        if (delta > 0 && delta <= 15) {
            out.write((delta << 4) | type);
        } else {
            out.write(type);
            varint(zigzag(id));
        }
        lastId = id;
        return this;
    }

    ThriftCompact i32(int id, int v) {
        field(id, I32);
        varint(zigzag(v));
        return this;
    }

    ThriftCompact i64(int id, long v) {
        field(id, I64);
        varint(zigzag(v));
        return this;
    }

    ThriftCompact string(int id, String v) {
        field(id, BINARY);
        return rawString(v);
    }

    ThriftCompact rawString(String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    ThriftCompact rawI32(int v) {
        varint(zigzag(v));
        return this;
    }

    /** Starts a list field of {@code size} elements of {@code elementType}. */
    ThriftCompact list(int id, int elementType, int size) {
        field(id, LIST);
        return listHeader(elementType, size);
    }

    ThriftCompact listHeader(int elementType, int size) {
        if (size < 15) {
            out.write((size << 4) | elementType);
        } else {
            out.write(0xF0 | elementType);
            varint(size);
        }
        return this;
    }

    /** Starts a struct field. */
    ThriftCompact struct(int id) {
        field(id, STRUCT);
        return begin();
    }

    /** Starts a struct (a list element or the top level). */
    ThriftCompact begin() {
        lastIds.push(lastId);
        lastId = 0;
        return this;
    }

    /** Ends the current struct. */
    ThriftCompact end() {
        out.write(0);
        lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }
}
