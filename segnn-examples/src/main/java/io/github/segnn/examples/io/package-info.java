// SPDX-License-Identifier: Apache-2.0
/**
 * Reading and writing numpy {@code .npy} files ({@link io.github.segnn.examples.io.Npy}), so that
 * data sets move between the Java examples and the Python reference code in both directions; and
 * the safety of files and folders: outputs written whole or not at all ({@link
 * io.github.segnn.djl.io.AtomicFiles}), data sets published only when complete ({@link
 * io.github.segnn.examples.io.StagedFolder}), data sets checked file by file before use ({@link
 * io.github.segnn.examples.io.DataSetCheck}), and failures described for users ({@link
 * io.github.segnn.djl.io.IoMessages}); and the names and order of the train, valid and test
 * partitions as DJL's {@code Dataset.Usage} ({@link io.github.segnn.examples.io.Partitions}).
 */
package io.github.segnn.examples.io;
