// SPDX-License-Identifier: Apache-2.0
/**
 * The N-body simulators and generators: {@link
 * io.github.segnn.examples.nbody.simulation.ChargedSystem} and {@link
 * io.github.segnn.examples.nbody.simulation.GravitySystem} reproduce the reference Python
 * generators bit for bit from the same numpy random stream, and the generators run many
 * trajectories on several threads in the order of that stream.
 */
package io.github.segnn.examples.nbody.simulation;
