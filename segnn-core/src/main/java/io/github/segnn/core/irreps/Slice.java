// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

/**
 * A half-open index range {@code [start, stop)} of a feature vector.
 *
 * @param start first index
 * @param stop one past the last index
 */
public record Slice(int start, int stop) {

    /**
     * Returns the number of indices.
     *
     * @return {@code stop - start}
     */
    public int length() {
        return stop - start;
    }
}
