// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code io.github.segnn.core.tp}. */
package io.github.segnn.core.tp;
