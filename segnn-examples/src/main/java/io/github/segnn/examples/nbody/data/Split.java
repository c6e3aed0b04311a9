// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import java.util.Locale;

/** The three partitions of a generated data set, generated in this order from one stream. */
public enum Split {
    /** The training partition. */
    TRAIN,
    /** The validation partition (the reference files call it {@code valid}). */
    VALID,
    /** The test partition. */
    TEST;

    /**
     * Returns the name used in file names: {@code train}, {@code valid} or {@code test}.
     *
     * @return the file-name tag
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
