// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files all or nothing: the content goes to a hidden temporary file beside the target, which
 * is flushed to disk and renamed over the target only when it is complete. A failure (disk full,
 * permission denied, an exception in the writer) deletes the temporary file and reports the target
 * file and the reason ({@link IoMessages#reason}); the target keeps its previous content.
 */
public final class AtomicFiles {

    /** Writes a complete file at the given (temporary) path. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param file where to write; it does not exist yet
         * @throws IOException if writing fails
         */
        void writeTo(Path file) throws IOException;
    }

    /** Writes the bytes of a file to a stream. */
    @FunctionalInterface
    public interface StreamContent {
        /**
         * Writes the content.
         *
         * @param out the stream of the temporary file
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes a file through a temporary file, a flush to disk and a rename, creating missing parent
     * folders.
     *
     * @param target the file to write or replace
     * @param content writes the temporary file
     * @throws IOException naming {@code target} and the reason if anything fails; no temporary file
     *     is left behind
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(target + ": cannot write: " + e.getFile() + " exists and is not a folder", e);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write: " + IoMessages.reason(e), e);
        }
        try {
            content.writeTo(tmp);
            fsync(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            IOException named = new IOException(target + ": cannot write: " + IoMessages.reason(e), e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                named.addSuppressed(cleanup);
            }
            throw named;
        }
    }

    /**
     * Writes a file from a stream through a temporary file, a flush to disk and a rename.
     *
     * @param target the file to write or replace
     * @param content writes the bytes
     * @throws IOException naming {@code target} and the reason if anything fails
     */
    public static void writeStream(Path target, StreamContent content) throws IOException {
        write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
        });
    }

    /**
     * Writes a UTF-8 text file through a temporary file and a rename.
     *
     * @param target the file to write or replace
     * @param text the content
     * @throws IOException naming {@code target} and the reason if anything fails
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Flushes a file or folder to disk.
     *
     * @param path the file or folder
     * @throws IOException if a file cannot be flushed
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
