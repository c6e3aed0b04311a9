// SPDX-License-Identifier: Apache-2.0
/** Steerable layers as DJL Blocks: tensor products, gates and equivariant norms. */
package io.github.segnn.djl.nn;
