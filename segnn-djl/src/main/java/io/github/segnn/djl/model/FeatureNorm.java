// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

/** The feature normalization of a {@link SegnnLayer} (SEGNN's {@code --norm}). */
public enum FeatureNorm {
    /** No normalization (the N-body setting). */
    NONE,
    /** {@link io.github.segnn.djl.nn.InstanceNorm} per graph after each layer (the QM9 setting). */
    INSTANCE,
    /**
     * {@link io.github.segnn.djl.nn.EquivariantBatchNorm} on the messages and after each layer, with
     * running statistics.
     */
    BATCH
}
