// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code io.github.segnn.djl.check}. */
package io.github.segnn.djl.check;
