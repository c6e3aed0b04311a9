// SPDX-License-Identifier: Apache-2.0
/**
 * The N-body model Block: {@link io.github.segnn.examples.nbody.model.NbodyModel} computes the
 * node and edge attributes of a {@code GraphBatch} and runs the chosen network ({@link
 * io.github.segnn.examples.nbody.model.NbodyArchitecture}) on them.
 */
package io.github.segnn.examples.nbody.model;
