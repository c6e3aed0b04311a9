// SPDX-License-Identifier: Apache-2.0
/** SEGNN and EGNN models and layers as DJL Blocks with builders, and the graph-input layout they share. */
package io.github.segnn.djl.model;
