// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code io.github.segnn.core.so3}. */
package io.github.segnn.core.so3;
