// SPDX-License-Identifier: Apache-2.0
/**
 * Implementation details of the Blocks, public only because several packages of this module share
 * them: the fused tensor-product kernel and its per-path oracle, the operand layouts and pieces
 * ({@code Features}, {@code Layout}, {@code Partition}), row gathers, sparse products, cached
 * scalars, batch-scoped arrays and argument checks. Not part of the API: they may change in any
 * release without notice (they are left out of {@code api/segnn-djl.api}).
 */
package io.github.segnn.djl.internal;
