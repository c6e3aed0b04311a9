// SPDX-License-Identifier: Apache-2.0
/**
 * DJL {@code TrainingListener}s for any trainer that {@code EasyTrain.fit} drives: the training
 * loss per epoch with a stop on a non-finite loss ({@link
 * io.github.segnn.djl.training.listener.TrainingLossListener}), evaluation every K epochs with the
 * test metric at the best validation epoch ({@link
 * io.github.segnn.djl.training.listener.EvaluationListener}), the metrics CSV ({@link
 * io.github.segnn.djl.training.listener.MetricsCsvListener}), checkpoints ({@link
 * io.github.segnn.djl.training.listener.CheckpointListener}) and a progress bar ({@link
 * io.github.segnn.djl.training.listener.ProgressBarListener}). They share a {@link
 * io.github.segnn.djl.training.listener.TrainingHistory}; add them in this order.
 */
package io.github.segnn.djl.training.listener;
