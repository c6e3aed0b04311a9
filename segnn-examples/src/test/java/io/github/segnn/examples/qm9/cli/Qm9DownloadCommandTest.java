// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.download.Qm9Downloader;
import io.github.segnn.examples.qm9.download.Qm9RemoteFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Qm9DownloadCommandTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private byte[] payload;
    private final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    private final AtomicBoolean honourRanges = new AtomicBoolean(true);

    @BeforeEach
    void startServer() throws IOException {
        payload = Files.readAllBytes(Qm9TestData.sample(100001));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/1", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            rangeHeaders.add(String.valueOf(range));
            int from = 0;
            if (range != null && honourRanges.get()) {
                from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                exchange.getResponseHeaders().add(
                        "Content-Range", "bytes " + from + "-" + (payload.length - 1) + "/" + payload.length);
                exchange.sendResponseHeaders(206, payload.length - from);
            } else {
                exchange.sendResponseHeaders(200, payload.length);
            }
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(payload, from, payload.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private Qm9RemoteFile remote(String sha256) {
        return new Qm9RemoteFile("molecule.xyz", List.of(url("/files/1")), payload.length, sha256);
    }

    private Qm9RemoteFile good() throws IOException {
        return remote(Qm9Downloader.sha256(Qm9TestData.sample(100001)));
    }

    /** Runs the command; returns {exit code, stdout, stderr}. */
    private static Object[] run(List<Qm9RemoteFile> files, String... args) {
        CommandLine cl = new CommandLine(new Qm9DownloadCommand(files, HttpClient.newHttpClient()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @Test
    void downloadsAndVerifies() throws IOException {
        Path dir = tmp.resolve("qm9");
        Object[] r = run(List.of(good()), "--out", dir.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertArrayEquals(payload, Files.readAllBytes(dir.resolve("molecule.xyz")));
        assertFalse(Files.exists(dir.resolve("molecule.xyz.part")));
        assertTrue(((String) r[1]).contains("downloaded, size and SHA-256 verified"), (String) r[1]);

        // a second run sends no request at all
        rangeHeaders.clear();
        r = run(List.of(good()), "--out", dir.toString());
        assertEquals(0, r[0]);
        assertEquals(List.of(), rangeHeaders);
        assertTrue(((String) r[1]).contains("present, size and SHA-256 verified"));
    }

    @Test
    void resumesAPartialFileWithARangeRequest() throws IOException {
        Files.write(tmp.resolve("molecule.xyz.part"), Arrays.copyOf(payload, 1000));
        Object[] r = run(List.of(good()), "--out", tmp.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertEquals(List.of("bytes=1000-"), rangeHeaders);
        assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("molecule.xyz")));
        assertTrue(((String) r[1]).contains("resuming at byte 1000"));
    }

    @Test
    void restartsWhenTheServerIgnoresTheRange() throws IOException {
        honourRanges.set(false);
        Files.write(tmp.resolve("molecule.xyz.part"), "garbage that is not a prefix".getBytes());
        Object[] r = run(List.of(good()), "--out", tmp.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("molecule.xyz")));
        assertTrue(((String) r[1]).contains("server does not resume, starting over"));
    }

    @Test
    void refusesPartialFilesWhenAskedOrWhenTooLarge() throws IOException {
        Path part = Files.write(tmp.resolve("molecule.xyz.part"), Arrays.copyOf(payload, 10));
        Object[] r = run(List.of(good()), "--out", tmp.toString(), "--no-resume");
        assertEquals(1, r[0]);
        assertEquals("qm9 download: partial download " + part + " (10 bytes) exists; delete it or rerun "
                + "without --no-resume" + System.lineSeparator(), r[2]);

        Files.write(part, new byte[payload.length + 1]);
        r = run(List.of(good()), "--out", tmp.toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("more than the " + payload.length + " bytes"), (String) r[2]);
        assertEquals(List.of(), rangeHeaders);
    }

    @Test
    void wrongChecksumIsRejectedAndNothingIsKept() {
        Object[] r = run(List.of(remote("0".repeat(64))), "--out", tmp.toString());
        assertEquals(1, r[0]);
        String err = (String) r[2];
        assertTrue(err.startsWith("qm9 download: downloaded molecule.xyz has SHA-256 "), err);
        assertTrue(err.contains("instead of " + "0".repeat(64)), err);
        assertEquals(1, err.lines().count());
        assertFalse(Files.exists(tmp.resolve("molecule.xyz")));
        assertFalse(Files.exists(tmp.resolve("molecule.xyz.part")));
    }

    @Test
    void existingWrongFileNeedsForce() throws IOException {
        Path target = Files.writeString(tmp.resolve("molecule.xyz"), "old");
        Object[] r = run(List.of(good()), "--out", tmp.toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("delete it or rerun with --force"), (String) r[2]);
        assertEquals("old", Files.readString(target));

        r = run(List.of(good()), "--out", tmp.toString(), "--force");
        assertEquals(0, r[0], (String) r[2]);
        assertArrayEquals(payload, Files.readAllBytes(target));
    }

    @Test
    void httpErrorsAreOneLine() throws IOException {
        Qm9RemoteFile missing = new Qm9RemoteFile("x", List.of(url("/nothing-here")), 1, "0".repeat(64));
        Object[] r = run(List.of(missing), "--out", tmp.toString());
        assertEquals(1, r[0]);
        assertEquals("qm9 download: HTTP 404 from " + url("/nothing-here") + " for x" + System.lineSeparator(), r[2]);
    }

    @Test
    void noNetworkGivesOneClearLineWithoutStackTrace() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort + "/files/3195389");
        Qm9RemoteFile f = new Qm9RemoteFile("dsgdb9nsd.xyz.tar.bz2", List.of(dead, dead), 5, "0".repeat(64));
        Object[] r = run(List.of(f), "--out", tmp.toString());
        assertEquals(1, r[0]);
        String err = (String) r[2];
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("qm9 download: no network: cannot reach 127.0.0.1 (ConnectException"), err);
        assertTrue(err.contains("put dsgdb9nsd.xyz.tar.bz2 (5 bytes) into " + tmp), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void helpAndGroupUsage() {
        CommandLine cl = new CommandLine(new Qm9Command());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("download", "--help"));
        String help = out.toString();
        assertTrue(help.contains("Usage: qm9 download"), help);
        assertTrue(help.contains("--out=DIR"), help);
        assertTrue(help.contains("(default: data/qm9)"), help);
        assertTrue(help.contains("uncharacterized.txt (486,752 bytes)"), help);

        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute());
        assertTrue(err.toString().contains("missing subcommand; choose one of: download, info"), err.toString());
    }

    @Test
    void pinnedReleaseChecksumsAreWellFormed() {
        assertEquals(List.of(Qm9RemoteFile.ARCHIVE, Qm9RemoteFile.UNCHARACTERIZED), Qm9RemoteFile.release());
        assertTrue(Qm9RemoteFile.ARCHIVE.sha256().startsWith("3a63848ac806"));
        assertEquals("https://ndownloader.figshare.com/files/3195404",
                Qm9RemoteFile.UNCHARACTERIZED.urls().get(0).toString());
    }
}
