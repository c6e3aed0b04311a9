// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Downloads QM9 release files into a folder and verifies their size and SHA-256.
 *
 * <p>A file is written to {@code NAME.part} and renamed to {@code NAME} only after it has the
 * pinned size and digest. A {@code .part} left by an interrupted run is resumed with an HTTP
 * {@code Range} request (or restarted when the server ignores the range), unless resuming is
 * switched off, in which case it is refused. An existing {@code NAME} that verifies is kept
 * without any request; one that does not verify is refused unless {@code force} is set. Failures
 * come as {@link Qm9DownloadException} with a one-line message.
 */
public final class Qm9Downloader {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final int BUFFER = 1 << 16;

    private final HttpClient client;
    private final PrintWriter log;

    /**
     * Creates a downloader.
     *
     * @param client the HTTP client; it should follow redirects (figshare answers with one)
     * @param log where progress lines go
     */
    public Qm9Downloader(HttpClient client, PrintWriter log) {
        this.client = client;
        this.log = log;
    }

    /**
     * Creates an HTTP client suited to the figshare addresses: follows redirects, 20 s connect
     * timeout.
     *
     * @return a new client
     */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * Makes sure a verified copy of a release file is in a folder, downloading what is missing.
     *
     * @param file the file to fetch
     * @param dir the target folder, created if needed
     * @param resume whether to continue a {@code .part} file of an earlier run (otherwise such a
     *     file is refused)
     * @param force whether to replace an existing file that does not verify
     * @return the path of the verified file
     * @throws Qm9DownloadException if the file cannot be fetched or verified, or is refused
     * @throws IOException if the folder cannot be written
     */
    public Path download(Qm9RemoteFile file, Path dir, boolean resume, boolean force) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(file.fileName());
        Path part = dir.resolve(file.fileName() + ".part");
        if (Files.exists(target)) {
            String problem = verify(file, target);
            if (problem == null) {
                log.println(target + ": present, size and SHA-256 verified");
                log.flush();
                return target;
            }
            if (!force) {
                throw new Qm9DownloadException(
                        target + " exists but " + problem + "; delete it or rerun with --force");
            }
            log.println(target + ": " + problem + ", replacing it (--force)");
            Files.delete(target);
        }
        long offset = 0;
        if (Files.exists(part)) {
            long have = Files.size(part);
            if (!resume) {
                throw new Qm9DownloadException(
                        "partial download " + part + " (" + have + " bytes) exists; delete it or rerun without --no-resume");
            }
            if (have > file.size()) {
                throw new Qm9DownloadException(
                        "partial download " + part + " has " + have + " bytes, more than the " + file.size()
                                + " bytes of the release file; delete it");
            }
            offset = have;
        }
        if (offset < file.size()) {
            fetch(file, part, offset);
        }
        String problem = verify(file, part);
        if (problem != null) {
            Files.delete(part);
            throw new Qm9DownloadException(
                    "downloaded " + file.fileName() + " " + problem + " (partial file deleted); run again");
        }
        moveIntoPlace(part, target);
        log.println(target + ": downloaded, size and SHA-256 verified");
        log.flush();
        return target;
    }

    /**
     * Computes the SHA-256 of a file.
     *
     * @param file the file
     * @return the digest as 64 lower-case hexadecimal digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        StringBuilder hex = new StringBuilder(64);
        for (byte b : md.digest()) {
            hex.append(String.format(Locale.ROOT, "%02x", b));
        }
        return hex.toString();
    }

    /** Returns null if the file has the pinned size and digest, otherwise what is wrong. */
    private static String verify(Qm9RemoteFile file, Path path) throws IOException {
        long size = Files.size(path);
        if (size != file.size()) {
            return "has " + size + " bytes instead of " + file.size();
        }
        String digest = sha256(path);
        if (!digest.equals(file.sha256())) {
            return "has SHA-256 " + digest + " instead of " + file.sha256();
        }
        return null;
    }

    private void fetch(Qm9RemoteFile file, Path part, long offset) throws IOException {
        List<String> unreachable = new ArrayList<>();
        for (URI url : file.urls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (isUnreachable(e)) {
                    unreachable.add(url.getHost() + " (" + describe(e) + ")");
                    continue;
                }
                throw new Qm9DownloadException("request to " + url + " failed: " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Qm9DownloadException("interrupted while contacting " + url, e);
            }
            receive(file, url, response, part, offset);
            return;
        }
        throw new Qm9DownloadException(
                "no network: cannot reach " + String.join(", ", unreachable) + "; put " + file.fileName()
                        + " (" + file.size() + " bytes) into " + part.getParent() + " by hand and rerun to verify it");
    }

    private void receive(Qm9RemoteFile file, URI url, HttpResponse<InputStream> response, Path part, long offset)
            throws IOException {
        int status = response.statusCode();
        boolean append;
        if (status == 206 && offset > 0) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            if (!range.isEmpty() && !range.startsWith("bytes " + offset + "-")) {
                response.body().close();
                throw new Qm9DownloadException(
                        "server answered the resume request for " + file.fileName() + " with range '" + range
                                + "'; delete " + part + " and rerun");
            }
            append = true;
            log.println(file.fileName() + ": resuming at byte " + offset + " from " + url);
        } else if (status == 200) {
            append = false;
            if (offset > 0) {
                log.println(file.fileName() + ": server does not resume, starting over from " + url);
            } else {
                log.println(file.fileName() + ": downloading " + file.size() + " bytes from " + url);
            }
        } else {
            response.body().close();
            throw new Qm9DownloadException("HTTP " + status + " from " + url + " for " + file.fileName());
        }
        log.flush();
        long written = append ? offset : 0;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buf = new byte[BUFFER];
            long nextReport = file.size() / 10;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (written + n > file.size()) {
                    throw new Qm9DownloadException(
                            "server sent more than the " + file.size() + " bytes of " + file.fileName()
                                    + "; delete " + part + " and check the address " + url);
                }
                out.write(buf, 0, n);
                written += n;
                if (written >= nextReport && written < file.size()) {
                    log.printf(Locale.ROOT, "%s: %d%%%n", file.fileName(), 100 * written / Math.max(1, file.size()));
                    log.flush();
                    nextReport += file.size() / 10;
                }
            }
        } catch (Qm9DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new Qm9DownloadException(
                    "download of " + file.fileName() + " interrupted after " + written + " bytes (" + describe(e)
                            + "); rerun to resume from " + part,
                    e);
        }
        if (written < file.size()) {
            throw new Qm9DownloadException(
                    "connection closed after " + written + " of " + file.size() + " bytes of " + file.fileName()
                            + "; rerun to resume from " + part);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage().replace('\n', ' ');
            }
        }
        String name = e.getClass().getSimpleName();
        return message == null ? name : name + ": " + message;
    }
}
