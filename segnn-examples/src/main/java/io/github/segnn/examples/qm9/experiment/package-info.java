// SPDX-License-Identifier: Apache-2.0
/**
 * A QM9 training run: {@link io.github.segnn.examples.qm9.experiment.Qm9Experiment} plugs the
 * model into the training runner with the L1 loss on standardized targets and the MAE in the
 * report unit as metric; the run's description ({@link
 * io.github.segnn.examples.qm9.experiment.Qm9RunInfo}), prediction and report are here too.
 */
package io.github.segnn.examples.qm9.experiment;
