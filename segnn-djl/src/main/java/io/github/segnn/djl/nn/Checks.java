package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import io.github.segnn.core.irreps.Irreps;

/** Input validation shared by the Blocks: messages name the Block and what it expected. */
public final class Checks {

    private Checks() {}

    /**
     * Checks that {@code x} is {@code (rows, irreps.dim)}.
     *
     * @param block the Block's description
     * @param input the input's name
     * @param x the array
     * @param irreps the expected irreps
     */
    public static void features(String block, String input, NDArray x, Irreps irreps) {
        if (x == null) {
            throw new IllegalArgumentException(block + ": input '" + input + "' is missing (expected irreps " + irreps
                    + ", width " + irreps.dim() + ")");
        }
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException(block + ": input '" + input + "' must have rank 2 (rows, " + irreps.dim()
                    + "), got shape " + x.getShape());
        }
        if (x.getShape().get(1) != irreps.dim()) {
            throw new IllegalArgumentException(block + ": input '" + input + "' has width " + x.getShape().get(1)
                    + " but irreps " + irreps + " have dimension " + irreps.dim());
        }
    }

    /**
     * Checks that two arrays have the same number of rows.
     *
     * @param block the Block's description
     * @param a first array
     * @param b second array
     */
    public static void sameRows(String block, NDArray a, NDArray b) {
        if (a.getShape().get(0) != b.getShape().get(0)) {
            throw new IllegalArgumentException(block + ": inputs have different numbers of rows: " + a.getShape()
                    + " and " + b.getShape());
        }
    }
}
