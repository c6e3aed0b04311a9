// SPDX-License-Identifier: Apache-2.0
/**
 * The charged and gravity N-body data sets of SEGNN: simulators that reproduce the reference
 * Python generators ({@link io.github.segnn.examples.nbody.ChargedSystem}, {@link
 * io.github.segnn.examples.nbody.GravitySystem}), parallel generators, the {@code .npy} file
 * layouts ({@link io.github.segnn.examples.nbody.ChargedFiles}, {@link
 * io.github.segnn.examples.nbody.GravityFiles}) and the {@code segnn nbody generate} command.
 */
package io.github.segnn.examples.nbody;
