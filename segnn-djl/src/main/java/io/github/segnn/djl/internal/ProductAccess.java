// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * How the composite Blocks of other packages ({@code model}, {@code io}) reach the tensor-product
 * Blocks' piece-wise entry points and kernels, which take and return internal types and so are not
 * part of the API: the {@code nn} package registers a {@link Bridge} when its product class is
 * loaded, which happens before any product exists.
 */
public final class ProductAccess {

    private static volatile Bridge bridge;

    private ProductAccess() {}

    /** What the {@code nn} package implements for its tensor-product Blocks. */
    public interface Bridge {

        /**
         * Applies a product Block ({@code O3TensorProduct} or {@code O3SwishGateTensorProduct}) to a
         * first input given as {@link Features}, returning its output as pieces in a layout.
         *
         * @param product the Block
         * @param ps the parameter store
         * @param x1 the first input
         * @param x2 the second input, or null for a linear product
         * @param training whether training
         * @param outLayout the layout of the returned pieces
         * @return the output pieces
         */
        Features apply(Block product, ParameterStore ps, Features x1, NDArray x2, boolean training, Layout outLayout);

        /**
         * Returns the kernel of an {@code O3TensorProduct}.
         *
         * @param product the Block
         * @return its kernel
         */
        TensorProductKernel kernel(Block product);
    }

    /**
     * Registers the {@code nn} package's bridge (called once, by the product class).
     *
     * @param b the bridge
     */
    public static void register(Bridge b) {
        bridge = b;
    }

    /**
     * Applies a product Block to {@link Features} (see {@link Bridge#apply}).
     *
     * @param product an {@code O3TensorProduct} or {@code O3SwishGateTensorProduct}
     * @param ps the parameter store
     * @param x1 the first input
     * @param x2 the second input, or null for a linear product
     * @param training whether training
     * @param outLayout the layout of the returned pieces
     * @return the output pieces
     */
    public static Features apply(Block product, ParameterStore ps, Features x1, NDArray x2, boolean training,
            Layout outLayout) {
        return bridge().apply(product, ps, x1, x2, training, outLayout);
    }

    /**
     * Returns the kernel of an {@code O3TensorProduct}.
     *
     * @param product the Block
     * @return its kernel
     */
    public static TensorProductKernel kernel(Block product) {
        return bridge().kernel(product);
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            throw new IllegalStateException("no tensor-product Block has been created yet");
        }
        return b;
    }
}
