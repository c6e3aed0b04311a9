// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

/**
 * How an equivariant norm measures the size of one irrep copy {@code x_u} of dimension
 * {@code 2l+1} (e3nn's {@code normalization} argument of {@code BatchNorm} and SEGNN's
 * {@code InstanceNorm}).
 *
 * <ul>
 *   <li>Irreps in: any; out: the same (this type only selects a statistic).
 * </ul>
 */
public enum IrrepNormalization {
    /** The mean of the squared components, {@code |x_u|^2 / (2l+1)}; e3nn's default {@code "component"}. */
    COMPONENT,
    /** The squared norm, {@code |x_u|^2}; e3nn's {@code "norm"}. */
    NORM;

    /**
     * Returns the factor that turns a sum of squares over the {@code 2l+1} components into this
     * statistic.
     *
     * @param irrepDim the irrep dimension {@code 2l+1}
     * @return {@code 1/(2l+1)} for COMPONENT, 1 for NORM
     */
    public double factor(int irrepDim) {
        return this == COMPONENT ? 1.0 / irrepDim : 1.0;
    }
}
