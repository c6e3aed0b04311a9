// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import ai.djl.training.dataset.Dataset;
import java.util.List;
import java.util.Locale;

/**
 * DJL's {@link Dataset.Usage} as the data sets of the examples name and order their three
 * partitions: train, valid, test. That is the order in which the reference generators draw them
 * from one random stream and in which the QM9 split lays them out, and {@code valid} is the
 * reference files' name for {@link Dataset.Usage#VALIDATION}.
 */
public final class Partitions {

    /** The three usages in the reference order: train, validation, test. */
    public static final List<Dataset.Usage> ORDER =
            List.of(Dataset.Usage.TRAIN, Dataset.Usage.VALIDATION, Dataset.Usage.TEST);

    private Partitions() {}

    /**
     * Returns the name used in file names, on the command line and in reports.
     *
     * @param usage the usage
     * @return {@code train}, {@code valid} or {@code test}
     */
    public static String tag(Dataset.Usage usage) {
        return usage == Dataset.Usage.VALIDATION ? "valid" : usage.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the place of a usage in {@link #ORDER}.
     *
     * @param usage the usage
     * @return 0 for train, 1 for validation, 2 for test
     */
    public static int index(Dataset.Usage usage) {
        return ORDER.indexOf(usage);
    }

    /**
     * Parses a partition's name, ignoring case and surrounding blanks.
     *
     * @param name {@code train}, {@code valid} or {@code test}
     * @param what what the partition belongs to, for the message, e.g. {@code "QM9"}
     * @return the usage
     * @throws IllegalArgumentException naming the valid names if {@code name} is none of them
     */
    public static Dataset.Usage parse(String name, String what) {
        for (Dataset.Usage u : ORDER) {
            if (tag(u).equalsIgnoreCase(name.strip())) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " partition '" + name + "'; valid names: train, valid, test");
    }
}
