// SPDX-License-Identifier: Apache-2.0
/**
 * Training with DJL's {@code EasyTrain}: {@link io.github.segnn.djl.training.GraphTrainer} (a
 * {@code Trainer} with the joined Adam update in {@code step()} and parallel parts of a batch as a
 * repeated device), {@link io.github.segnn.djl.training.ResumableAdam} (an Adam whose state can be
 * checkpointed) and {@link io.github.segnn.djl.training.SplitWeightedLoss} (a batch's parts weighted
 * by their share); the listeners are in {@code io.github.segnn.djl.training.listener}.
 */
package io.github.segnn.djl.training;
