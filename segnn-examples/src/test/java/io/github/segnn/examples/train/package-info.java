// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code io.github.segnn.examples.train}. */
package io.github.segnn.examples.train;
