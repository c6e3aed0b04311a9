// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keeps a forward pass's temporaries out of long-lived managers. DJL attaches the result of an
 * operation to the manager of its receiver; when the receiver is a parameter (owned by the model)
 * every forward pass would leave its intermediate arrays in the model's manager, and native memory
 * would grow without bound. Operating on a batch-scoped alias instead attaches them to the batch.
 */
public final class BatchScope {

    private BatchScope() {}

    /**
     * Returns a view of {@code array} owned by {@code batch} (gradients still reach the original).
     *
     * @param array a parameter or constant, or null
     * @param batch the manager of the current batch
     * @return the alias, or null for null
     */
    public static NDArray alias(NDArray array, NDManager batch) {
        if (array == null || array.getManager() == batch) {
            return array;
        }
        NDArray view = array.reshape(array.getShape());
        view.attach(batch);
        return view;
    }
}
