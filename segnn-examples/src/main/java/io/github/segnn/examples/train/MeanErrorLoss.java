// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.function.UnaryOperator;

/**
 * The mean over all entries of a batch of a function of {@code label - prediction}: PyTorch's
 * {@code nn.MSELoss()} with {@link #squared()} and {@code nn.L1Loss()} with {@link #absolute()}. The
 * label is cast to the prediction's data type and shape first. Unlike DJL's {@code L2Loss} and
 * {@code L1Loss} it multiplies by no Java number, whose scalar PyTorch's autograd would keep in a
 * Java buffer that the garbage collector may free before the backward pass (see
 * {@link io.github.segnn.djl.internal.Scalars}).
 */
public final class MeanErrorLoss extends Loss {

    private final UnaryOperator<NDArray> error;

    private MeanErrorLoss(String name, UnaryOperator<NDArray> error) {
        super(name);
        this.error = error;
    }

    /**
     * Returns the mean squared error, named {@code mse}.
     *
     * @return the loss
     */
    public static MeanErrorLoss squared() {
        return new MeanErrorLoss("mse", NDArray::square);
    }

    /**
     * Returns the mean absolute error, named {@code l1}.
     *
     * @return the loss
     */
    public static MeanErrorLoss absolute() {
        return new MeanErrorLoss("l1", NDArray::abs);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow().toType(pred.getDataType(), false).reshape(pred.getShape());
        return error.apply(label.sub(pred)).mean();
    }
}
