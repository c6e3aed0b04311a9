// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a file is not a {@code .npy} file this package can read; the message names it. */
public class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     */
    public NpyFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
