// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import io.github.segnn.djl.io.IoMessages;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a set of files (a generated data set) into a folder all or nothing: the files are written
 * into a hidden temporary folder beside the target ({@code .<name>.partial-<random>}) and published
 * only when every one is complete.
 *
 * <ul>
 *   <li>If the target does not exist (or is an empty folder), the temporary folder is renamed to it:
 *       one atomic step.
 *   <li>If the target holds other files, the new files are moved into it one by one (renames on
 *       the same file system); if any of them already exists there, nothing is moved and the
 *       command fails naming them: existing data is never overwritten.
 * </ul>
 *
 * <p>A failure or an interruption while writing (disk full, an exception, Ctrl-C) deletes the
 * temporary folder and leaves the target exactly as it was; only a {@code kill -9} can leave the
 * hidden temporary folder behind, and never touches the target.
 */
public final class StagedFolder {

    /** Writes the files of a set into a folder. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes every file of the set.
         *
         * @param folder an empty folder to write into
         * @throws IOException if writing fails
         */
        void writeInto(Path folder) throws IOException;
    }

    private StagedFolder() {}

    /**
     * Writes a set of files and publishes them into {@code target}.
     *
     * @param target the folder the files belong in; created if missing
     * @param writer writes the files into the temporary folder it is given
     * @return the published files, in the target folder, sorted by name
     * @throws IOException naming the folder and the reason if writing or publishing fails, or if
     *     the target already holds one of the files; the target is then unchanged
     */
    public static List<Path> write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(target + " exists and is not a folder");
        }
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IOException("cannot create the folder " + parent + ": " + IoMessages.reason(e), e);
        }
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new IOException("cannot write into " + parent + ": " + IoMessages.reason(e), e);
        }
        Thread cleanup = new Thread(() -> deleteQuietly(staging), "staged-folder-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            writer.writeInto(staging);
            return publish(target, abs, staging);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(staging);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private static List<Path> publish(Path target, Path abs, Path staging) throws IOException {
        List<Path> staged = list(staging);
        if (!Files.exists(abs) || list(abs).isEmpty()) {
            Files.deleteIfExists(abs);
            move(staging, abs);
            return staged.stream().map(f -> target.resolve(f.getFileName())).collect(Collectors.toList());
        }
        List<String> clash = new ArrayList<>();
        for (Path f : staged) {
            if (Files.exists(abs.resolve(f.getFileName()))) {
                clash.add(f.getFileName().toString());
            }
        }
        if (!clash.isEmpty()) {
            throw new IOException(target + " already holds " + String.join(", ", clash)
                    + "; existing data is never overwritten: write into a new folder, or move those files away first");
        }
        List<Path> out = new ArrayList<>();
        for (Path f : staged) {
            Path dest = abs.resolve(f.getFileName());
            move(f, dest);
            out.add(target.resolve(f.getFileName()));
        }
        Files.delete(staging);
        return out;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a hidden temporary folder beside the target, never the target itself
        }
    }
}
