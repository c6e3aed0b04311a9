// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.segnn.djl.dataset.GraphDatasetBatch;

/**
 * A loss that weights another loss by the share of a batch that a split of it holds: when the
 * labels end with an array named {@link GraphDatasetBatch#WEIGHT} (as the parts of a
 * {@link GraphDatasetBatch} split over several devices do), the result is {@code weight *
 * inner(labels without it, predictions)}; otherwise it is the inner loss unchanged. DJL sums the
 * gradients of the splits of a batch, so with this weighting they add up to the gradient of the
 * whole batch's loss (exactly, for a mean over graphs or over graphs of equal size) instead of
 * {@code k} times it.
 */
public final class SplitWeightedLoss extends Loss {

    private final Loss inner;

    /**
     * Wraps a loss.
     *
     * @param inner the loss of a batch, a mean over its graphs
     */
    public SplitWeightedLoss(Loss inner) {
        super(inner.getName());
        this.inner = inner;
    }

    /**
     * Returns the wrapped loss.
     *
     * @return the inner loss
     */
    public Loss getInner() {
        return inner;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray last = labels.isEmpty() ? null : labels.get(labels.size() - 1);
        if (last == null || !GraphDatasetBatch.WEIGHT.equals(last.getName())) {
            return inner.evaluate(labels, predictions);
        }
        NDList rest = new NDList(labels.subList(0, labels.size() - 1));
        NDArray l = inner.evaluate(rest, predictions);
        return l.mul(last.toType(l.getDataType(), false));
    }
}
