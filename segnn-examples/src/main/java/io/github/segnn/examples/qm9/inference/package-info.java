// SPDX-License-Identifier: Apache-2.0
/**
 * Inference with a trained QM9 run the DJL way: {@link
 * io.github.segnn.examples.qm9.inference.Qm9Inference#criteria} gives a {@code Criteria} whose
 * {@code ZooModel} predicts a {@link io.github.segnn.examples.qm9.inference.Prediction} for each
 * {@link io.github.segnn.examples.qm9.inference.Molecule}; many molecules are batched into one
 * forward pass by the graph batchifier.
 */
package io.github.segnn.examples.qm9.inference;
