// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

/**
 * The prediction for one N-body system: a 3-vector per particle.
 *
 * @param quantity {@code positions} (the positions after the horizon, 1000 steps for the charged
 *     data) or {@code forces} (the gravity force target)
 * @param values {@code [particle][xyz]}
 */
public record ParticlePrediction(String quantity, double[][] values) {}
