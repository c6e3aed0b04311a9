// SPDX-License-Identifier: Apache-2.0
/** NDArray operations: the fused tensor-product kernel and its Features operands, its per-path oracle, scatter sums, spherical harmonics. */
package io.github.segnn.djl.ops;
