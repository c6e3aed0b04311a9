// SPDX-License-Identifier: Apache-2.0
/** Graph batches for DJL: the GraphBatch holder, its Batchifier, and fully connected and radius graph builders. */
package io.github.segnn.djl.graph;
