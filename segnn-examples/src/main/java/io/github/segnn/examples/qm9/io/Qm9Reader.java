// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import io.github.segnn.examples.qm9.data.Qm9Molecule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads all molecules of the QM9 release, either from the archive {@code dsgdb9nsd.xyz.tar.bz2}
 * in place (streamed entry by entry, nothing is extracted to disk) or from a folder of {@code
 * .xyz} files. A {@code .tar.gz} or plain {@code .tar} with the same entries also works; the kind
 * of file is recognised from its first bytes, not its name. The CSV tables of the PyPI package
 * {@code qm9pack} (its wheel, or a folder with {@code qm9_part*.csv} and no {@code .xyz}) are
 * handed to {@code Qm9PackReader}.
 *
 * <p>The entry texts are parsed in parallel by {@link Builder#optThreads} worker threads. For the
 * release archive the bzip2 decompression is the bottleneck; with more than one thread a
 * single-stream bzip2 file is decompressed block-parallel ({@link ParallelBzip2InputStream}),
 * otherwise on the calling thread. The result is sorted by GDB-9 index; molecules in the exclusion set are dropped
 * (entries named {@code dsgdb9nsd_NNNNNN.xyz} are then not even parsed). Only entries whose name
 * ends in {@code .xyz} are read; directories in the archive are allowed. Two entries with the same
 * index are an error. Instances are immutable and can be reused.
 */
public final class Qm9Reader {

    private static final int MAX_PENDING = 4096;

    private final int threads;
    private final Qm9Exclusions exclusions;

    private Qm9Reader(Builder b) {
        this.threads = b.threads;
        this.exclusions = b.exclusions;
    }

    /**
     * Creates a builder.
     *
     * @return a builder with the defaults (all processors, no exclusions)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads every molecule of a release archive or folder.
     *
     * @param source the {@code .tar.bz2}, {@code .tar.gz} or {@code .tar} file, a folder of
     *     {@code .xyz} files (not searched recursively), or qm9pack data
     * @return the molecules not excluded, sorted by {@link Qm9Molecule#gdbIndex()}
     * @throws IOException if the source cannot be read or is neither a folder nor a supported
     *     archive
     * @throws Qm9FormatException if an entry is malformed (the message names the archive, the
     *     entry and the line), two entries share an index, or there is no {@code .xyz} entry
     */
    public List<Qm9Molecule> read(Path source) throws IOException {
        if (!Files.isDirectory(source) && !Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "no such QM9 archive or folder");
        }
        if (Qm9PackReader.accepts(source) && !hasXyzFiles(source)) {
            List<Qm9Molecule> out = new ArrayList<>();
            for (Qm9Molecule m : new Qm9PackReader(threads).read(source)) {
                if (!exclusions.contains(m.gdbIndex())) {
                    out.add(m);
                }
            }
            return out;
        }
        return Files.isDirectory(source) ? readFolder(source) : readArchive(source);
    }

    private static boolean hasXyzFiles(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(source, "*.xyz")) {
            return ds.iterator().hasNext();
        }
    }

    private List<Qm9Molecule> readFolder(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.xyz")) {
            for (Path p : ds) {
                files.add(p);
            }
        }
        files.sort(Comparator.naturalOrder());
        try (Parsing parsing = new Parsing(folder.toString())) {
            for (Path file : files) {
                if (parsing.failed()) {
                    break;
                }
                String name = file.toString();
                if (isExcludedByName(name)) {
                    continue;
                }
                parsing.submit(name, () -> {
                    try {
                        return Files.readString(file, StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return parsing.finish();
        }
    }

    private List<Qm9Molecule> readArchive(Path archive) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(archive, raw));
                Parsing parsing = new Parsing(archive.toString())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (parsing.failed()) {
                    break;
                }
                String name = entry.getName();
                if (!entry.isFile() || !name.endsWith(".xyz") || isExcludedByName(name)) {
                    continue;
                }
                String text = new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1);
                parsing.submit(archive + "!/" + name, () -> text);
            }
            return parsing.finish();
        }
    }

    private InputStream decompressed(Path archive, InputStream raw) throws IOException {
        raw.mark(512);
        byte[] head = raw.readNBytes(512);
        raw.reset();
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            if (threads > 1) {
                Optional<ParallelBzip2InputStream> parallel = ParallelBzip2InputStream.open(archive, threads);
                if (parallel.isPresent()) {
                    return parallel.get();
                }
            }
            return new BZip2CompressorInputStream(raw, true);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new GzipCompressorInputStream(raw, true);
        }
        if (TarArchiveInputStream.matches(head, head.length)) {
            return raw;
        }
        throw new IOException(archive + ": not a folder, .tar.bz2, .tar.gz, .tar or qm9pack wheel");
    }

    private boolean isExcludedByName(String name) {
        Optional<Integer> index = Qm9XyzParser.indexFromFileName(name);
        return index.isPresent() && exclusions.contains(index.get());
    }

    /** The parse jobs of one read: bounded submission, first-failure stop, ordered result. */
    private final class Parsing implements AutoCloseable {
        private final String source;
        private final ExecutorService pool;
        private final Semaphore pending = new Semaphore(MAX_PENDING);
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final List<Future<Parsed>> results = new ArrayList<>();

        Parsing(String source) {
            this.source = source;
            this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, new Named()) : null;
        }

        boolean failed() {
            return failure.get() != null;
        }

        void submit(String name, TextSupplier text) throws IOException {
            if (pool == null) {
                try {
                    results.add(CompletableFuture.completedFuture(parse(name, text)));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                return;
            }
            try {
                pending.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + source, e);
            }
            results.add(pool.submit(() -> {
                try {
                    return parse(name, text);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                } finally {
                    pending.release();
                }
            }));
        }

        private Parsed parse(String name, TextSupplier text) {
            Qm9Molecule m = Qm9XyzParser.parse(name, text.get());
            return new Parsed(name, m);
        }

        List<Qm9Molecule> finish() throws IOException {
            List<Parsed> parsed = new ArrayList<>(results.size());
            for (Future<Parsed> f : results) {
                try {
                    parsed.add(f.get());
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + source, e);
                }
            }
            if (parsed.isEmpty()) {
                throw new Qm9FormatException(source, 0, "no .xyz molecule files found");
            }
            parsed.sort(Comparator.comparingInt(p -> p.molecule.gdbIndex()));
            List<Qm9Molecule> out = new ArrayList<>(parsed.size());
            for (int i = 0; i < parsed.size(); i++) {
                Parsed p = parsed.get(i);
                if (i > 0 && parsed.get(i - 1).molecule.gdbIndex() == p.molecule.gdbIndex()) {
                    throw new Qm9FormatException(
                            source,
                            0,
                            "molecule index " + p.molecule.gdbIndex() + " occurs twice: "
                                    + parsed.get(i - 1).name + " and " + p.name);
                }
                if (!exclusions.contains(p.molecule.gdbIndex())) {
                    out.add(p.molecule);
                }
            }
            return out;
        }

        private IOException rethrow(Throwable cause) {
            if (cause instanceof UncheckedIOException) {
                return ((UncheckedIOException) cause).getCause();
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            return new IOException(source + ": " + cause, cause);
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Supplies the text of one entry, possibly by reading a file. */
    @FunctionalInterface
    private interface TextSupplier {
        String get();
    }

    /** A parsed molecule with the name of its entry, for duplicate messages. */
    private static final class Parsed {
        final String name;
        final Qm9Molecule molecule;

        Parsed(String name, Qm9Molecule molecule) {
            this.name = name;
            this.molecule = molecule;
        }
    }

    /** Names the parse threads and makes them daemons, so a failed read never blocks exit. */
    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "qm9-parse-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** Options of a {@link Qm9Reader}. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private Qm9Exclusions exclusions = Qm9Exclusions.none();

        private Builder() {}

        /**
         * Sets the number of parsing threads. Defaults to the number of available processors; 1
         * parses on the calling thread.
         *
         * @param threads at least 1
         * @return this Builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets the molecules to leave out. Defaults to {@link Qm9Exclusions#none()}.
         *
         * @param exclusions e.g. the content of {@code uncharacterized.txt}
         * @return this Builder
         */
        public Builder optExclusions(Qm9Exclusions exclusions) {
            this.exclusions = exclusions;
            return this;
        }

        /**
         * Checks the options and builds the reader.
         *
         * @return the reader
         * @throws IllegalArgumentException if threads is below 1 or exclusions is null
         */
        public Qm9Reader build() {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            if (exclusions == null) {
                throw new IllegalArgumentException("exclusions must not be null; use Qm9Exclusions.none()");
            }
            return new Qm9Reader(this);
        }
    }
}
