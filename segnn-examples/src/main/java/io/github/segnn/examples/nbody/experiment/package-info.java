// SPDX-License-Identifier: Apache-2.0
/**
 * A training run of an N-body experiment: {@link
 * io.github.segnn.examples.nbody.experiment.NbodyExperiment} ties data, model, loss and metrics
 * together for the training runner; prediction from trained parameters and the run's plots are
 * here too.
 */
package io.github.segnn.examples.nbody.experiment;
