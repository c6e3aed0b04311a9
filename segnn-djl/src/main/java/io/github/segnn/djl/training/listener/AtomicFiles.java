// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files written whole or not at all: a temporary file beside the target, flushed to disk, renamed. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the stream of the temporary file
         * @throws IOException on write errors
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically.
     *
     * @param file the file
     * @param content its content
     * @throws IOException if it cannot be written; the temporary file is removed and the file left as
     *     it was
     */
    public static void write(Path file, Content content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            fsync(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a text file (UTF-8) atomically.
     *
     * @param file the file
     * @param text its text
     * @throws IOException if it cannot be written
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Flushes a file or folder to disk.
     *
     * @param path the file or folder
     * @throws IOException if it cannot be flushed
     */
    public static void fsync(Path path) throws IOException {
        boolean dir = Files.isDirectory(path);
        try (FileChannel ch = FileChannel.open(path, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!dir) {
                throw e;
            }
            // some file systems cannot open a folder for flushing; its entries are flushed by rename
        }
    }
}
