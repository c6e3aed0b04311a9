// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

/** The message-passing layer a {@link Segnn} stacks. */
public enum Convolution {
    /** {@link SegnnLayer}: non-linear message and update MLPs with attributes (the paper's SEGNN). */
    SEGNN,
    /** {@link SeConvLayer} with a single linear message tensor product (the paper's "SE linear"). */
    SE_LINEAR,
    /** {@link SeConvLayer} with a gated then a linear message tensor product ("SE non-linear"). */
    SE_NONLINEAR
}
