// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.check;

import ai.djl.nn.Block;
import java.util.List;

/** A Block that declares how each of its inputs and outputs transforms under E(3) and node permutations. */
public interface EquivariantBlock extends Block {

    /**
     * Returns one slot per input array, in NDList order.
     *
     * @return the input slots
     */
    List<FeatureSlot> inputSlots();

    /**
     * Returns one slot per output array, in NDList order.
     *
     * @return the output slots
     */
    List<FeatureSlot> outputSlots();
}
