// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a run's checkpoints on a thread of its own, one at a time: the training thread hands over
 * a {@link RunCheckpoint.Snapshot} (serialized in memory, quick) and goes on with the next epoch
 * while the files are written, flushed to disk and renamed (flushing is slow on some disks). A
 * checkpoint waits for the previous one, so they land in order; a failure is reported by the next
 * {@link #submit} or by {@link #await}. A run killed while a checkpoint is being written resumes from the previous
 * one, which is still whole.
 */
final class CheckpointWriter implements AutoCloseable {

    private final Path runFolder;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "checkpoint-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<RunCheckpoint> pending;

    CheckpointWriter(Path runFolder) {
        this.runFolder = runFolder;
    }

    /**
     * Writes a checkpoint after the previous one.
     *
     * @param snapshot the checkpoint's content
     * @throws IOException if the previous checkpoint could not be written
     */
    void submit(RunCheckpoint.Snapshot snapshot) throws IOException {
        await();
        pending = thread.submit(() -> RunCheckpoint.write(runFolder, snapshot));
    }

    /**
     * Waits for the checkpoint being written.
     *
     * @throws IOException if it could not be written
     */
    void await() throws IOException {
        if (pending == null) {
            return;
        }
        Future<RunCheckpoint> f = pending;
        pending = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the checkpoint in " + runFolder + " was written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException ? (IOException) cause
                    : new IOException("cannot write a checkpoint in " + runFolder + ": " + cause.getMessage(), cause);
        }
    }

    /** Waits for the checkpoint being written (its failure, if any, is not reported) and stops the thread. */
    @Override
    public void close() {
        try {
            await();
        } catch (IOException e) {
            // the run is ending with another failure already, or await() was called and reported it
        } finally {
            thread.shutdown();
        }
    }
}
