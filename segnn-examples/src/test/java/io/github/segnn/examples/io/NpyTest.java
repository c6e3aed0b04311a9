// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir Path tmp;

    private static Path resource(String name) {
        try {
            return Path.of(NpyTest.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    @Test
    void readsEachSupportedDtype() throws IOException {
        NpyArray f8 = Npy.read(resource("f8_2x3.npy"));
        assertEquals(NpyDtype.FLOAT64, f8.dtype());
        assertArrayEquals(new int[] {2, 3}, f8.shape());
        assertArrayEquals(new double[] {-0.5, -0.25, 0, 0.25, 0.5, 0.75}, f8.doubles());

        assertArrayEquals(
                new float[] {1.5f, -2.25f, 3e-8f, 7f}, Npy.read(resource("f4_4.npy")).floats());
        assertArrayEquals(
                new long[] {1, -2, 1L << 40, -(1L << 50)}, Npy.read(resource("i8_2x2.npy")).longs());
        assertArrayEquals(
                new int[] {7, -8, Integer.MAX_VALUE}, Npy.read(resource("i4_3.npy")).ints());
        assertArrayEquals(
                new double[] {0, 200, 255}, Npy.read(resource("u1_3.npy")).toDoubleArray());
        NpyArray b1 = Npy.read(resource("b1_2.npy"));
        assertEquals(NpyDtype.BOOL, b1.dtype());
        assertArrayEquals(new long[] {1, 0}, b1.toLongArray());
    }

    @Test
    void readsBigEndianVersionTwoScalarAndEmptyFiles() throws IOException {
        NpyHeader be = Npy.readHeader(resource("be_f8_3.npy"));
        assertEquals(ByteOrder.BIG_ENDIAN, be.byteOrder());
        assertArrayEquals(new double[] {1, -2.5, 1e300}, Npy.read(resource("be_f8_3.npy")).doubles());
        assertArrayEquals(new double[] {1, 2}, Npy.read(resource("v2_f8_2.npy")).doubles());
        NpyArray scalar = Npy.read(resource("scalar.npy"));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new double[] {3.25}, scalar.doubles());
        NpyArray empty = Npy.read(resource("empty_0x49x3x5.npy"));
        assertArrayEquals(new int[] {0, 49, 3, 5}, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        String[] names = {
            "f8_2x3.npy", "f4_4.npy", "i8_2x2.npy", "i4_3.npy", "u1_3.npy", "b1_2.npy", "scalar.npy",
            "empty_0x49x3x5.npy"
        };
        for (String name : names) {
            NpyArray a = Npy.read(resource(name));
            Path out = tmp.resolve(name);
            Npy.write(out, a);
            assertArrayEquals(Files.readAllBytes(resource(name)), Files.readAllBytes(out), name);
        }
    }

    @Test
    void headerEncodingPadsTo64BytesAndAllowsGrowth() {
        byte[] h = NpyHeader.of(NpyDtype.FLOAT64, 10000, 49, 3, 5).encode();
        assertEquals(0, h.length % 64);
        assertEquals('\n', h[h.length - 1]);
        String text = new String(h, 10, h.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (10000, 49, 3, 5), }"));
        int[] big = new int[25_000];
        java.util.Arrays.fill(big, 1);
        byte[] v2 = NpyHeader.of(NpyDtype.FLOAT64, big).encode();
        assertEquals(2, v2[6], "headers over 64 KiB need format version 2");
        assertEquals(0, v2.length % 64);
    }

    @Test
    void roundTripsLargeArraysAcrossChunks() throws IOException {
        double[] data = new double[300_001];
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.sin(i) * 1e3;
        }
        Path out = tmp.resolve("big.npy");
        Npy.write(out, data, 300_001);
        assertArrayEquals(data, Npy.read(out).doubles());
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            assertEquals(java.util.List.of(out), files.collect(java.util.stream.Collectors.toList()),
                    "no temporary file is left beside the written one");
        }
    }

    @Test
    void errorsNameTheFileAndTheProblem() {
        assertProblem("truncated.npy", "truncated");
        assertProblem("badmagic.npy", "not a .npy file");
        assertProblem("noshape.npy", "no 'shape'");
        assertProblem("fortran_2x3.npy", "Fortran-ordered");
        assertProblem("structured.npy", "structured dtypes are not supported");
        assertProblem("complex.npy", "unsupported dtype '<c16'");
    }

    @Test
    void rejectsShapeDataMismatch() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NpyArray.ofDoubles(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("needs 6 elements, got 5"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> NpyArray.ofDoubles(new double[1], 1).floats());
    }

    private static void assertProblem(String name, String fragment) {
        Path file = resource(name);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
