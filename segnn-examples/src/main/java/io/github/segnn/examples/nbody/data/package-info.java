// SPDX-License-Identifier: Apache-2.0
/**
 * N-body data on disk and in DJL: the {@code .npy} file layouts of the charged and gravity data
 * sets ({@link io.github.segnn.examples.nbody.data.ChargedFiles}, {@link
 * io.github.segnn.examples.nbody.data.GravityFiles}), finding or generating the frames of an
 * experiment in a folder, and {@link io.github.segnn.examples.nbody.data.NbodyDataset}, the DJL
 * {@code RandomAccessDataset} whose records and batches follow the {@code GraphBatch} contract.
 */
package io.github.segnn.examples.nbody.data;
