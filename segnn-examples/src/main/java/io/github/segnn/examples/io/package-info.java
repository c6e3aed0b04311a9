// SPDX-License-Identifier: Apache-2.0
/**
 * Reading and writing numpy {@code .npy} files ({@link io.github.segnn.examples.io.Npy}), so that
 * data sets move between the Java examples and the Python reference code in both directions.
 */
package io.github.segnn.examples.io;
