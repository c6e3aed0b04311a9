// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.qm9.Qm9TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelBzip2InputStreamTest {

    @TempDir
    Path tmp;

    /** About 700 kB of text and random bytes, so that 100 kB blocks end at arbitrary bit offsets. */
    private static byte[] mixedData() {
        Random random = new Random(20_240_601L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] text = Qm9TestData.sampleText(100001).getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 120; i++) {
            out.write(text, 0, text.length);
            byte[] noise = new byte[random.nextInt(4000)];
            random.nextBytes(noise);
            out.write(noise, 0, noise.length);
        }
        return out.toByteArray();
    }

    private Path compress(String name, byte[] data, int blockSize100k) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file), blockSize100k)) {
            out.write(data);
        }
        return file;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesManyBlocksInOrder() throws IOException {
        byte[] data = mixedData();
        Path file = compress("mixed.bz2", data, 1);
        Optional<ParallelBzip2InputStream> in = ParallelBzip2InputStream.open(file, 3);
        assertTrue(in.isPresent());
        assertTrue(in.get().blockCount() >= 6, "blocks: " + in.get().blockCount());
        assertArrayEquals(data, readAll(in.get()));
    }

    @Test
    void singleBlockAndSingleByteReads() throws IOException {
        byte[] data = Qm9TestData.sampleText(7).getBytes(StandardCharsets.ISO_8859_1);
        Path file = compress("small.bz2", data, 9);
        ParallelBzip2InputStream in = ParallelBzip2InputStream.open(file, 2).orElseThrow();
        assertEquals(1, in.blockCount());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
        }
        in.close();
        assertArrayEquals(data, out.toByteArray());
        assertThrows(IOException.class, () -> in.read(new byte[4], 0, 4));
    }

    @Test
    void declinesWhatItCannotSplit() throws IOException {
        byte[] data = mixedData();
        Path one = compress("one.bz2", data, 1);
        Path two = tmp.resolve("two.bz2");
        Files.write(two, Files.readAllBytes(one));
        Files.write(two, Files.readAllBytes(one), java.nio.file.StandardOpenOption.APPEND);
        assertFalse(ParallelBzip2InputStream.open(two, 2).isPresent(), "concatenated streams");
        assertFalse(ParallelBzip2InputStream.open(Qm9TestData.sample(1), 2).isPresent(), "not bzip2");
        byte[] truncated = Files.readAllBytes(one);
        Path cut = Files.write(tmp.resolve("cut.bz2"), java.util.Arrays.copyOf(truncated, truncated.length - 20));
        assertFalse(ParallelBzip2InputStream.open(cut, 2).isPresent(), "no end marker");
    }

    @Test
    void corruptBlockIsReportedWithItsPosition() throws IOException {
        Path file = compress("bad.bz2", mixedData(), 1);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        ParallelBzip2InputStream in = ParallelBzip2InputStream.open(file, 2).orElseThrow();
        IOException e = assertThrows(IOException.class, () -> readAll(in));
        assertTrue(e.getMessage().startsWith(file + ": bzip2 block "), e.getMessage());
    }
}
