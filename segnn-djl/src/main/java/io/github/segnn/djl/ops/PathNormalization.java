// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.ops;

import io.github.segnn.core.tp.Instruction;

/** How each path of a tensor product is scaled, on top of the unit-Frobenius 3j symbol. */
public enum PathNormalization {
    /**
     * SEGNN's canonical semantics: every path is {@code W * sqrt(2 lOut + 1) * C}, with no fan-in
     * factor (the official layer multiplies e3nn's output by {@code sqrt(fanIn)}).
     */
    SEGNN,
    /**
     * e3nn's {@code FullyConnectedTensorProduct} defaults ({@code irrep_normalization="component"},
     * {@code path_normalization="element"}): {@code sqrt((2 lOut + 1) / fanIn) * C}.
     */
    E3NN;

    /**
     * Returns the factor applied to the 3j symbol of an instruction.
     *
     * @param ins the instruction
     * @return the factor
     */
    public double factor(Instruction ins) {
        return this == SEGNN ? Math.sqrt(2.0 * ins.out().l() + 1) : ins.pathWeight();
    }
}
