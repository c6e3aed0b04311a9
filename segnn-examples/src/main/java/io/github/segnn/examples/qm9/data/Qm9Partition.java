// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three parts of a QM9 split. */
public enum Qm9Partition {
    /** Training molecules. */
    TRAIN,
    /** Validation molecules, used for model selection. */
    VALID,
    /** Test molecules, used once for the reported error. */
    TEST;

    /**
     * Returns the lower-case name used on the command line and by the SEGNN code.
     *
     * @return {@code "train"}, {@code "valid"} or {@code "test"}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a partition name, ignoring case.
     *
     * @param name e.g. {@code "valid"} or {@code "TEST"}
     * @return the partition
     * @throws IllegalArgumentException naming the valid names if {@code name} is unknown
     */
    public static Qm9Partition parse(String name) {
        for (Qm9Partition p : values()) {
            if (p.name().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown QM9 partition '" + name + "'; valid names: "
                        + Arrays.stream(values()).map(Qm9Partition::label).collect(Collectors.joining(", ")));
    }
}
