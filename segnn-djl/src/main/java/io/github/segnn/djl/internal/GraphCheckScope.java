// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import java.util.function.Supplier;

/**
 * Lets a model that has already checked its graph inputs ({@code GraphChecks.check}) run the
 * network inside it on the same index arrays without checking them again: the host copy of
 * {@code edgeIndex}, {@code graphIndex} and {@code nodeCounts} (a GPU synchronization) then happens
 * once per forward pass instead of twice. The mark holds on the calling thread for the duration of
 * the inner call only.
 */
public final class GraphCheckScope {

    private static final ThreadLocal<Boolean> CHECKED = new ThreadLocal<>();

    private GraphCheckScope() {}

    /**
     * Runs a nested forward pass whose graph inputs the caller has checked.
     *
     * @param forward the nested forward pass, on arrays with the index arrays the caller checked
     * @param <T> its result
     * @return its result
     */
    public static <T> T alreadyChecked(Supplier<T> forward) {
        Boolean outer = CHECKED.get();
        CHECKED.set(Boolean.TRUE);
        try {
            return forward.get();
        } finally {
            if (outer == null) {
                CHECKED.remove();
            }
        }
    }

    /**
     * Returns whether the current thread runs inside {@link #alreadyChecked}.
     *
     * @return true inside a checked model's nested forward pass
     */
    public static boolean isActive() {
        return CHECKED.get() != null;
    }
}
