// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code io.github.segnn.djl.ops}. */
package io.github.segnn.djl.ops;
