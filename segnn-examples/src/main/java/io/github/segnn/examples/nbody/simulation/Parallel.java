// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs independent, index-addressed jobs on a fixed number of threads. */
final class Parallel {

    private Parallel() {}

    /**
     * Calls {@code job} once for every index in [0, count) using {@code threads} threads, and
     * returns when all calls have finished.
     *
     * @param count how many jobs
     * @param threads how many threads, at least 1
     * @param job the job; must be safe to call concurrently for different indices
     * @throws IllegalStateException wrapping the first exception a job throws
     */
    static void forEach(int count, int threads, IntConsumer job) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (threads == 1 || count <= 1) {
            for (int i = 0; i < count; i++) {
                job.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nbody-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        job.accept(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            next.set(count);
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
