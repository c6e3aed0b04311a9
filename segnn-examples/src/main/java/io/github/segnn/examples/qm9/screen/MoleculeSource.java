// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Streams the molecule records of a screening input, file by file (or archive entry by entry),
 * handing each to a consumer as soon as its file is parsed ({@link MoleculeTexts}):
 *
 * <ul>
 *   <li>a folder: its {@code .xyz}, {@code .sdf}, {@code .sd} and {@code .mol} files in name
 *       order (not recursive);
 *   <li>a {@code .tar.bz2} (such as QM9's {@code dsgdb9nsd.xyz.tar.bz2}), {@code .tar.gz} or
 *       {@code .tar}, recognised by its first bytes: its entries with those extensions, in archive
 *       order, read in place;
 *   <li>any other file: one multi-record SDF or XYZ file, streamed in chunks of whole records.
 * </ul>
 *
 * <p>Malformed records become error records; only an unreadable source (missing, corrupt archive)
 * throws.
 */
public final class MoleculeSource {

    /** Lines per chunk of a streamed multi-record file. */
    static final int CHUNK_LINES = 50_000;

    private MoleculeSource() {}

    /**
     * Reads every record of a source.
     *
     * @param source a folder, archive or molecule file
     * @param sink receives the records in order
     * @throws IOException if the source cannot be read
     */
    public static void read(Path source, Consumer<ScreenRecord> sink) throws IOException {
        if (Files.isDirectory(source)) {
            readFolder(source, sink);
        } else if (Files.isRegularFile(source)) {
            readFile(source, sink);
        } else {
            throw new NoSuchFileException(source.toString(), null, "no such molecule file, folder or archive");
        }
    }

    /**
     * Returns whether a file name has one of the molecule extensions read from folders and
     * archives.
     *
     * @param name a file or entry name
     * @return true for {@code .xyz}, {@code .sdf}, {@code .sd}, {@code .mol}
     */
    public static boolean isMoleculeFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".xyz") || n.endsWith(".sdf") || n.endsWith(".sd") || n.endsWith(".mol");
    }

    private static void readFolder(Path folder, Consumer<ScreenRecord> sink) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && isMoleculeFile(p.getFileName().toString())) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new IOException(folder + ": no .xyz, .sdf or .mol file in this folder");
        }
        for (Path f : files) {
            MoleculeTexts.parse(f.toString(), Files.readString(f, StandardCharsets.ISO_8859_1), sink);
        }
    }

    private static void readFile(Path file, Consumer<ScreenRecord> sink) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(512);
            byte[] head = raw.readNBytes(512);
            raw.reset();
            InputStream tarStream = null;
            if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
                tarStream = new BZip2CompressorInputStream(raw, true);
            } else if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                tarStream = new GzipCompressorInputStream(raw, true);
            } else if (TarArchiveInputStream.matches(head, head.length)) {
                tarStream = raw;
            }
            if (tarStream == null) {
                if (MoleculeTexts.stem(file.toString()).startsWith("dsgdb9nsd_")) {
                    MoleculeTexts.parse(file.toString(), new String(raw.readAllBytes(), StandardCharsets.ISO_8859_1),
                            sink);
                } else {
                    readRecords(file.toString(), new BufferedReader(new InputStreamReader(raw,
                            StandardCharsets.ISO_8859_1), 1 << 16), sink);
                }
                return;
            }
            readTar(file, tarStream, sink);
        }
    }

    /**
     * Streams a multi-record XYZ or SDF file in chunks of about {@value #CHUNK_LINES} lines cut at
     * record boundaries, so memory does not grow with the file. The boundaries follow the rules of
     * {@link MoleculeTexts}: an SDF record ends with {@code $$$$}; an XYZ record is a count line and
     * the count plus one more lines, and after a line that is not a count the parser skips to the
     * next all-digit line.
     */
    static void readRecords(String source, BufferedReader reader, Consumer<ScreenRecord> sink) throws IOException {
        boolean sdf = MoleculeTexts.isSdf(source);
        List<String> chunk = new ArrayList<>();
        int lineOffset = 0;
        int records = 0;
        long remaining = 0;
        boolean skipping = false;
        String line;
        while ((line = reader.readLine()) != null) {
            chunk.add(line);
            boolean boundary;
            if (sdf) {
                boundary = line.startsWith("$$$$");
            } else {
                if (remaining > 0) {
                    remaining--;
                } else if (!line.isBlank() && (!skipping || MoleculeTexts.isCount(line))) {
                    skipping = false;
                    try {
                        long n = Integer.parseInt(line.strip());
                        if (n < 1) {
                            skipping = true;
                        } else {
                            remaining = n + 1;
                        }
                    } catch (NumberFormatException e) {
                        skipping = true;
                    }
                }
                boundary = remaining == 0 && !skipping;
            }
            if (boundary && chunk.size() >= CHUNK_LINES) {
                records += MoleculeTexts.parseChunk(source, chunk, lineOffset, records, sink);
                lineOffset += chunk.size();
                chunk = new ArrayList<>();
            }
        }
        int end = chunk.size();
        while (end > 0 && chunk.get(end - 1).isBlank()) {
            end--;
        }
        MoleculeTexts.parseChunk(source, chunk.subList(0, end), lineOffset, records, sink);
    }

    private static void readTar(Path archive, InputStream in, Consumer<ScreenRecord> sink) throws IOException {
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile() || !isMoleculeFile(e.getName())) {
                    continue;
                }
                entries++;
                String text = new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1);
                MoleculeTexts.parse(archive + "!/" + e.getName(), text, sink);
            }
        } catch (IOException e) {
            throw new IOException(archive + ": cannot read the archive after " + entries + " molecule entries: "
                    + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new IOException(archive + ": the archive holds no .xyz, .sdf or .mol entry");
        }
    }
}
