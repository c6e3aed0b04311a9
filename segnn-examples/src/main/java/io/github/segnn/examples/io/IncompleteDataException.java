// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Thrown when a data folder holds part of a data set, or a damaged one: the message lists every
 * missing or malformed file with the reason, and says that the folder was left untouched.
 */
public final class IncompleteDataException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * Creates the exception.
     *
     * @param folder the data folder
     * @param what the data set in words
     * @param problems one line per file ({@code name: reason})
     * @param expected how many files the data set has
     * @param advice what the user can do
     */
    public IncompleteDataException(Path folder, String what, List<String> problems, int expected, String advice) {
        super(folder + " holds an incomplete or damaged " + what + " data set (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + " in " + expected + " files); nothing was generated or"
                + " changed there:\n  " + String.join("\n  ", problems) + "\n" + advice);
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the problems, one line per file.
     *
     * @return {@code name: reason} lines
     */
    public List<String> problems() {
        return problems;
    }
}
