// SPDX-License-Identifier: Apache-2.0
/**
 * The charged and gravity N-body experiments of SEGNN, by role: {@code simulation} (simulators
 * that reproduce the reference Python generators, and the parallel generators), {@code data}
 * (the {@code .npy} file layouts, loading or generating a data folder, and the DJL {@code
 * NbodyDataset}), {@code model} (the N-body model around a {@code Segnn} or {@code Egnn}),
 * {@code experiment} (a training run: loss, metrics, prediction, plots), {@code cli} (the {@code
 * segnn nbody} commands) and {@code inference} (DJL {@code Criteria} loading of a trained run).
 */
package io.github.segnn.examples.nbody;
