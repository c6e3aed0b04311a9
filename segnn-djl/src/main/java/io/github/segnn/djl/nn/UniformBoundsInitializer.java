// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.DoubleBuffer;

/**
 * Draws each element {@code i} uniformly from {@code [-bound[i], bound[i]]}: SEGNN's
 * {@code torch.nn.Linear}-style initialization with {@code bound = 1/sqrt(fanIn)} of the output block
 * the element feeds.
 */
public final class UniformBoundsInitializer implements Initializer {

    private final double[] bounds;

    /**
     * Creates the initializer.
     *
     * @param bounds one bound per element
     */
    public UniformBoundsInitializer(double[] bounds) {
        this.bounds = bounds.clone();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.size() != bounds.length) {
            throw new IllegalArgumentException(
                    "UniformBoundsInitializer has " + bounds.length + " bounds but the parameter has shape " + shape);
        }
        NDArray b = manager.create(DoubleBuffer.wrap(bounds), shape).toType(dataType, false);
        return manager.randomUniform(-1, 1, shape, dataType).mul(b);
    }
}
