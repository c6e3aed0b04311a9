// SPDX-License-Identifier: Apache-2.0
/** Tests of the {@code .npy} reader and writer against files written by numpy. */
package io.github.segnn.examples.io;
