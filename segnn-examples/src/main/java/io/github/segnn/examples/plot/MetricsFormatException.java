// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a metrics CSV is malformed; the message names the file and the 1-based line number,
 * as in {@code runs/metrics.csv:7: column 'valid': not a number: "0.1.2"}.
 */
public class MetricsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The offending file, as a string so that the exception stays serialisable. */
    private final String file;

    /** The 1-based line number. */
    private final int line;

    /**
     * Creates the exception.
     *
     * @param file the offending file
     * @param line the 1-based number of the offending line
     * @param problem what is wrong with that line
     */
    public MetricsFormatException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = String.valueOf(file);
        this.line = line;
    }

    /**
     * Returns the offending file.
     *
     * @return the file as given to the reader
     */
    public Path file() {
        return Path.of(file);
    }

    /**
     * Returns the offending line.
     *
     * @return its 1-based number
     */
    public int line() {
        return line;
    }
}
