// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import java.util.Locale;

/** What the gravity experiment predicts at the target frame ({@code --target} of {@code train_gravity.py}). */
public enum GravityTarget {
    /** The positions (the default). */
    POS,
    /** The forces m·a. */
    FORCE;

    /**
     * Returns the command-line name.
     *
     * @return {@code pos} or {@code force}
     */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return flag();
    }
}
