// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qm9ReaderTest {

    private static final int[] SAMPLE_INDICES = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 5000, 5001, 5002, 5003, 5004, 5005, 100001, 100002, 100003, 100004
    };

    @TempDir
    Path tmp;

    /** The 20 sample files by entry name, in reverse order to show that the reader sorts. */
    private static Map<String, byte[]> sampleEntries(String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Qm9TestData.xyzFolder())) {
            files = s.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList());
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path f : files) {
            entries.put(prefix + f.getFileName(), Files.readAllBytes(f));
        }
        return entries;
    }

    private enum Compression { BZIP2, GZIP, NONE }

    private Path tar(String name, Map<String, byte[]> entries, Compression c) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream comp = c == Compression.BZIP2
                        ? new BZip2CompressorOutputStream(raw)
                        : c == Compression.GZIP ? new GzipCompressorOutputStream(raw) : raw;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(comp)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String dir = null;
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                int slash = e.getKey().lastIndexOf('/');
                if (slash > 0 && dir == null) {
                    dir = e.getKey().substring(0, slash + 1);
                    tar.putArchiveEntry(new TarArchiveEntry(dir));
                    tar.closeArchiveEntry();
                }
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static int[] indices(List<Qm9Molecule> molecules) {
        return molecules.stream().mapToInt(Qm9Molecule::gdbIndex).toArray();
    }

    @Test
    void readsAFolderSortedByIndex() throws IOException {
        List<Qm9Molecule> all = Qm9Reader.builder().optThreads(2).build().read(Qm9TestData.xyzFolder());
        assertArrayEquals(SAMPLE_INDICES, indices(all));
        assertEquals(Qm9XyzParser.parse(Qm9TestData.sample(5005)), all.get(15));
    }

    @Test
    void readsATarBz2InPlaceLikeTheFolder() throws IOException {
        Path archive = tar("dsgdb9nsd.xyz.tar.bz2", sampleEntries(""), Compression.BZIP2);
        List<Qm9Molecule> fromFolder = Qm9Reader.builder().optThreads(1).build().read(Qm9TestData.xyzFolder());
        for (int threads : new int[] {1, 3}) {
            List<Qm9Molecule> fromTar = Qm9Reader.builder().optThreads(threads).build().read(archive);
            assertEquals(fromFolder, fromTar, "threads=" + threads);
        }
    }

    @Test
    void readsGzipAndPlainTarWithADirectoryEntry() throws IOException {
        Map<String, byte[]> entries = sampleEntries("dsgdb9nsd.xyz/");
        entries.put("dsgdb9nsd.xyz/README", "not a molecule".getBytes(StandardCharsets.US_ASCII));
        Qm9Reader reader = Qm9Reader.builder().optThreads(2).build();
        assertArrayEquals(SAMPLE_INDICES, indices(reader.read(tar("q.tgz", entries, Compression.GZIP))));
        // the name says bz2 but the content is a plain tar: the content decides
        assertArrayEquals(SAMPLE_INDICES, indices(reader.read(tar("q.tar.bz2", entries, Compression.NONE))));
    }

    @Test
    void exclusionsDropMolecules() throws IOException {
        // 5003 is in the official uncharacterized.txt; 7 is excluded here for the test only
        Qm9Exclusions ex = Qm9Exclusions.of(5003, 7);
        Path archive = tar("a.tar.bz2", sampleEntries(""), Compression.BZIP2);
        List<Qm9Molecule> all = Qm9Reader.builder().optExclusions(ex).optThreads(2).build().read(archive);
        assertEquals(18, all.size());
        assertTrue(all.stream().noneMatch(m -> m.gdbIndex() == 5003 || m.gdbIndex() == 7));

        Qm9Exclusions official = Qm9Exclusions.read(Qm9TestData.resource("/qm9/excluded-indices.txt"));
        List<Qm9Molecule> folder =
                Qm9Reader.builder().optExclusions(official).build().read(Qm9TestData.xyzFolder());
        assertEquals(19, folder.size());
        assertTrue(folder.stream().noneMatch(m -> m.gdbIndex() == 5003));
    }

    @Test
    void malformedEntryIsNamedWithArchiveEntryAndLine() throws IOException {
        Map<String, byte[]> entries = sampleEntries("");
        String broken = Qm9TestData.sampleText(5002).replaceFirst("^14", "15");
        entries.put("dsgdb9nsd_005002.xyz", broken.getBytes(StandardCharsets.ISO_8859_1));
        Path archive = tar("broken.tar.bz2", entries, Compression.BZIP2);
        for (int threads : new int[] {1, 2}) {
            Qm9FormatException e = assertThrows(
                    Qm9FormatException.class, () -> Qm9Reader.builder().optThreads(threads).build().read(archive));
            assertEquals(archive + "!/dsgdb9nsd_005002.xyz", e.getSource());
            assertEquals(17, e.getLineNumber());
        }
    }

    @Test
    void duplicateIndicesAreRejected() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/dsgdb9nsd_000001.xyz", Files.readAllBytes(Qm9TestData.sample(1)));
        entries.put("b/dsgdb9nsd_000001.xyz", Files.readAllBytes(Qm9TestData.sample(1)));
        Path archive = tar("dup.tar", entries, Compression.NONE);
        Qm9FormatException e =
                assertThrows(Qm9FormatException.class, () -> Qm9Reader.builder().build().read(archive));
        assertTrue(e.getMessage().contains("molecule index 1 occurs twice"), e.getMessage());
    }

    @Test
    void unsupportedOrMissingSourcesFailClearly() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        IOException e = assertThrows(IOException.class, () -> Qm9Reader.builder().build().read(text));
        assertEquals(text + ": not a folder, .tar.bz2, .tar.gz, .tar or qm9pack wheel", e.getMessage());
        assertThrows(IOException.class, () -> Qm9Reader.builder().build().read(tmp.resolve("missing.tar.bz2")));
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Qm9FormatException f =
                assertThrows(Qm9FormatException.class, () -> Qm9Reader.builder().build().read(empty));
        assertEquals(empty + ": no .xyz molecule files found", f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Qm9Reader.builder().optThreads(0).build());
    }

    @Test
    void folderErrorsComeBackAsThemselves() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("xyz"));
        List<String> names = new ArrayList<>();
        for (int i : new int[] {1, 2, 3}) {
            Path f = dir.resolve(String.format("dsgdb9nsd_%06d.xyz", i));
            Files.writeString(f, Qm9TestData.sampleText(i), StandardCharsets.ISO_8859_1);
            names.add(f.toString());
        }
        Files.writeString(dir.resolve("dsgdb9nsd_000002.xyz"), "3\ngdb 2\n");
        Qm9FormatException e = assertThrows(
                Qm9FormatException.class, () -> Qm9Reader.builder().optThreads(2).build().read(dir));
        assertEquals(names.get(1), e.getSource());
        assertEquals(2, e.getLineNumber());
    }

    @Test
    void multiBlockBzip2GivesTheSameMoleculesSequentialAndParallel() throws IOException {
        // 400 copies of molecule 100001 under distinct indices, compressed in 100 kB blocks
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String big = Qm9TestData.sampleText(100001);
        for (int i = 1; i <= 400; i++) {
            String text = big.replaceFirst("gdb 100001\t", "gdb " + i + "\t");
            entries.put(String.format("dsgdb9nsd_%06d.xyz", i), text.getBytes(StandardCharsets.ISO_8859_1));
        }
        Path file = tmp.resolve("many.tar.bz2");
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream comp = new BZip2CompressorOutputStream(raw, 1);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(comp)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        assertTrue(ParallelBzip2InputStream.open(file, 2).orElseThrow().blockCount() > 3);
        List<Qm9Molecule> sequential = Qm9Reader.builder().optThreads(1).build().read(file);
        List<Qm9Molecule> parallel = Qm9Reader.builder().optThreads(3).build().read(file);
        assertEquals(400, parallel.size());
        assertEquals(sequential, parallel);
        assertEquals(400, parallel.get(399).gdbIndex());
    }
}
