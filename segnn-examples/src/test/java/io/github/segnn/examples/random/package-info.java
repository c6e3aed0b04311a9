// SPDX-License-Identifier: Apache-2.0
/** Tests of the numpy-compatible random streams against values produced by real numpy. */
package io.github.segnn.examples.random;
