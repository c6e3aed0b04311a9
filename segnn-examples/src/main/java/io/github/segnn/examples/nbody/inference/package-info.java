// SPDX-License-Identifier: Apache-2.0
/**
 * Inference with a trained N-body run the DJL way: {@link
 * io.github.segnn.examples.nbody.inference.NbodyInference#criteria} gives a {@code Criteria}
 * whose {@code ZooModel} predicts, for each {@link
 * io.github.segnn.examples.nbody.inference.ParticleSystem}, the positions after the horizon (or
 * the gravity forces).
 */
package io.github.segnn.examples.nbody.inference;
