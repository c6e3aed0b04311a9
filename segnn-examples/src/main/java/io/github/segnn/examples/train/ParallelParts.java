// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.Device;

/**
 * How many parts of a training batch run their forward and backward passes on parallel threads
 * ({@code --parallel-parts}), and how many libtorch threads each part gets. On the CPU the parts
 * share the cores: a part has {@code cores / parts} intra-op threads (at least one). By default
 * ({@code auto}) the CPU gets one part per core, but no part smaller than {@value #MIN_SAMPLES}
 * samples (a small part's step is mostly the fixed cost per operation), and a GPU one part.
 *
 * <p>Why parts on a CPU: each libtorch operation that runs on several threads ends at a barrier
 * where the faster threads wait for the slowest, while parts of one thread each only meet once per
 * step. BENCHMARKS.md has the measurements.
 */
public final class ParallelParts {

    /** The smallest part that {@code auto} makes. */
    public static final int MIN_SAMPLES = 50;

    private ParallelParts() {}

    /**
     * Returns the parts for {@code auto}.
     *
     * @param device the training device
     * @param batchSize the samples per training batch
     * @return the number of parts, at least 1
     */
    public static int auto(Device device, int batchSize) {
        return auto(device, batchSize, threadBudget());
    }

    static int auto(Device device, int batchSize, int threads) {
        if (!Device.Type.CPU.equals(device.getDeviceType())) {
            return 1;
        }
        return Math.max(1, Math.min(threads, batchSize / MIN_SAMPLES));
    }

    /**
     * Returns the libtorch intra-op threads of each of {@code parts} parts on the CPU.
     *
     * @param parts the number of parts
     * @return the threads per part, at least 1
     */
    public static int threadsPerPart(int parts) {
        return threadsPerPart(parts, threadBudget());
    }

    static int threadsPerPart(int parts, int threads) {
        return Math.max(1, threads / parts);
    }

    /** The threads that libtorch would use for one batch: {@code -Dai.djl.pytorch.num_threads}, or the cores. */
    private static int threadBudget() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Integer.getInteger("ai.djl.pytorch.num_threads", cores));
    }
}
