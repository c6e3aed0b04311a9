// SPDX-License-Identifier: Apache-2.0
/**
 * Random streams that reproduce numpy's legacy {@code RandomState} bit for bit, so that data sets
 * generated in Java equal those of the Python references ({@link
 * io.github.segnn.examples.random.NumpyRandom}, built on {@link
 * io.github.segnn.examples.random.Mt19937}).
 */
package io.github.segnn.examples.random;
