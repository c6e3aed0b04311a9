// SPDX-License-Identifier: Apache-2.0
/**
 * Experiment-independent training runs: {@link io.github.segnn.examples.train.ExperimentRunner}
 * sets up DJL's {@code EasyTrain.fit} with a {@code GraphTrainer} and the training listeners, and
 * {@link io.github.segnn.examples.train.RunCheckpoint} writes, checks and restores a run's
 * checkpoint folders.
 */
package io.github.segnn.examples.train;
