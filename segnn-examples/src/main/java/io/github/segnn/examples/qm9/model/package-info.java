// SPDX-License-Identifier: Apache-2.0
/**
 * The QM9 model: {@link io.github.segnn.examples.qm9.model.Qm9Graphs} builds the radius graphs and
 * one-hot features of all molecules once, and {@link io.github.segnn.examples.qm9.model.Qm9Model}
 * computes the geometric attributes of each batch and runs a graph-task {@code Segnn} on them.
 */
package io.github.segnn.examples.qm9.model;
