// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.segnn.djl.internal.Features;
import io.github.segnn.djl.internal.Layout;
import io.github.segnn.djl.internal.ProductAccess;
import io.github.segnn.djl.internal.TensorProductKernel;

/** The {@link ProductAccess.Bridge} of this package: the product Blocks' package-private entry points. */
final class ProductBridge implements ProductAccess.Bridge {

    @Override
    public Features apply(Block product, ParameterStore ps, Features x1, NDArray x2, boolean training,
            Layout outLayout) {
        if (product instanceof O3SwishGateTensorProduct g) {
            return g.apply(ps, x1, x2, training, outLayout);
        }
        if (product instanceof O3TensorProduct tp) {
            return tp.apply(ps, x1, x2, training, outLayout);
        }
        throw new IllegalArgumentException("not a tensor-product Block: " + product.getClass().getName());
    }

    @Override
    public TensorProductKernel kernel(Block product) {
        if (product instanceof O3TensorProduct tp) {
            return tp.getKernel();
        }
        throw new IllegalArgumentException("not an O3TensorProduct: " + product.getClass().getName());
    }
}
