// SPDX-License-Identifier: Apache-2.0
/** SEGNN and EGNN models and layers as DJL Blocks with builders; they read a featurized GraphBatch. */
package io.github.segnn.djl.model;
