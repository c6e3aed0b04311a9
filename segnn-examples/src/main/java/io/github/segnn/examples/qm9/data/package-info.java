// SPDX-License-Identifier: Apache-2.0
/**
 * QM9 data for training: molecules and their properties ({@link
 * io.github.segnn.examples.qm9.data.Qm9Molecule}), the regression targets with their units
 * ({@link io.github.segnn.examples.qm9.data.Qm9Target}), the train/valid/test split ({@link
 * io.github.segnn.examples.qm9.data.Qm9Split}), target standardization and {@link
 * io.github.segnn.examples.qm9.data.Qm9Dataset}, the DJL {@code RandomAccessDataset} of featurized
 * molecular graphs.
 */
package io.github.segnn.examples.qm9.data;
