// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import java.nio.file.Path;

/**
 * Settings of a training run.
 *
 * @param epochs number of epochs
 * @param evalEvery evaluate (validation and test) every this many epochs and at the last
 * @param learningRate Adam's learning rate
 * @param weightDecay Adam's L2 weight decay
 * @param milestones epochs after which the learning rate is multiplied by {@code gamma}, as PyTorch's
 *     {@code MultiStepLR} stepped per epoch (may be empty, may repeat; see {@link MilestoneTracker})
 * @param gamma the learning-rate factor at each milestone
 * @param seed seed of initialization and shuffling
 * @param outDir folder of checkpoints, metrics and plots
 * @param resume whether to continue from the checkpoint in {@code outDir}
 * @param device the device name ({@code cpu}, {@code gpu0}, or {@code auto})
 * @param parallelParts parts of each training batch whose forward and backward passes run on
 *     parallel threads (1: the whole batch on the calling thread; 0: {@link ParallelParts#auto})
 * @param batchSize samples per training batch (for {@link ParallelParts#auto})
 * @param checkpointEvery write a checkpoint every this many epochs and after the last
 */
public record RunConfig(int epochs, int evalEvery, float learningRate, float weightDecay, int[] milestones,
        float gamma, long seed, Path outDir, boolean resume, String device, int parallelParts,
        int batchSize, int checkpointEvery) {

    /**
     * Settings with the whole batch on one thread.
     *
     * @param epochs number of epochs
     * @param evalEvery evaluation period in epochs
     * @param learningRate Adam's learning rate
     * @param weightDecay Adam's L2 weight decay
     * @param milestones learning-rate milestones (may be null)
     * @param gamma the learning-rate factor at each milestone
     * @param seed seed of initialization and shuffling
     * @param outDir the run folder
     * @param resume whether to resume
     * @param device the device name
     */
    public RunConfig(int epochs, int evalEvery, float learningRate, float weightDecay, int[] milestones, float gamma,
            long seed, Path outDir, boolean resume, String device) {
        this(epochs, evalEvery, learningRate, weightDecay, milestones, gamma, seed, outDir, resume, device, 1, 1, 1);
    }

    /** Validates the settings. */
    public RunConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("--eval-every must be >= 1, got " + evalEvery);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + checkpointEvery);
        }
        if (parallelParts < 0) {
            throw new IllegalArgumentException("--parallel-parts must be auto or >= 1, got " + parallelParts);
        }
        milestones = milestones == null ? new int[0] : milestones.clone();
    }
}
