// SPDX-License-Identifier: Apache-2.0
/**
 * DJL {@code TrainingListener}s for any trainer that {@code EasyTrain.fit} drives. They share a
 * {@link io.github.segnn.djl.training.listener.TrainingHistory} and are added in this order (DJL
 * calls them in the order given): {@link io.github.segnn.djl.training.listener.ProgressBarListener}
 * (a bar per epoch), {@link io.github.segnn.djl.training.listener.TrainingLossListener} (the
 * epoch's training loss; stops on a non-finite loss), {@link
 * io.github.segnn.djl.training.listener.EvaluationListener} (validation and test every K epochs,
 * the test metric at the best validation epoch), {@link
 * io.github.segnn.djl.training.listener.BestParametersListener} (the best model), {@link
 * io.github.segnn.djl.training.listener.MetricsCsvListener} (the metrics table) and {@link
 * io.github.segnn.djl.training.listener.CheckpointListener} (checkpoints). A {@link
 * io.github.segnn.djl.training.listener.WeightAverageListener} takes the place of the evaluation and
 * best-model listeners, which it wraps so that they see the averaged weights; an {@link
 * io.github.segnn.djl.training.listener.EarlyStopListener} comes last.
 */
package io.github.segnn.djl.training.listener;
