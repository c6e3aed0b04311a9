// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import io.github.segnn.examples.qm9.download.Qm9DownloadException;
import io.github.segnn.examples.qm9.download.Qm9Downloader;
import io.github.segnn.examples.qm9.download.Qm9RemoteFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qm9 download}: fetches {@code dsgdb9nsd.xyz.tar.bz2} and {@code uncharacterized.txt}
 * from figshare into a folder and verifies them against pinned sizes and SHA-256 digests.
 *
 * <p>Exit code 0 when both files are present and verified, 1 otherwise; a failure prints one line
 * on standard error (for example when there is no network), never a stack trace.
 */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        description = {
            "Download the QM9 release files from figshare and verify size and SHA-256:",
            "  dsgdb9nsd.xyz.tar.bz2 (86,144,227 bytes)",
            "  uncharacterized.txt (486,752 bytes)",
            "Verified files are not downloaded again; an interrupted download",
            "(NAME.part) is resumed."
        })
public final class Qm9DownloadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "data/qm9",
            description = "Target folder, created if missing (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--no-resume",
            description = "Refuse to continue a partial download (NAME.part) instead of resuming it.")
    private boolean noResume;

    @Option(names = "--force", description = "Replace an existing file whose size or SHA-256 is wrong.")
    private boolean force;

    private final List<Qm9RemoteFile> files;
    private final HttpClient client;

    /** Creates the command for the real release files and a default HTTP client. */
    public Qm9DownloadCommand() {
        this(Qm9RemoteFile.release(), null);
    }

    /**
     * Creates the command for other files or another client, e.g. for tests against a local
     * server.
     *
     * @param files the files to fetch, in order
     * @param client the HTTP client, or null for {@link Qm9Downloader#defaultClient()}
     */
    public Qm9DownloadCommand(List<Qm9RemoteFile> files, HttpClient client) {
        this.files = List.copyOf(files);
        this.client = client;
    }

    /**
     * Downloads and verifies every file.
     *
     * @return 0 on success, 1 on failure
     */
    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Qm9Downloader downloader =
                new Qm9Downloader(client != null ? client : Qm9Downloader.defaultClient(), stdout);
        try {
            for (Qm9RemoteFile f : files) {
                downloader.download(f, out, !noResume, force);
            }
            return 0;
        } catch (IOException e) {
            String message = e instanceof Qm9DownloadException
                    ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            stderr.println("qm9 download: " + message.replace('\n', ' '));
            stderr.flush();
            return 1;
        }
    }
}
