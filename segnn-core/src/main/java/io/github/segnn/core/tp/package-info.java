// SPDX-License-Identifier: Apache-2.0
/** Tensor-product plans: paths in e3nn's order, weight layout, fan-in and sparse 3j entries. */
package io.github.segnn.core.tp;
