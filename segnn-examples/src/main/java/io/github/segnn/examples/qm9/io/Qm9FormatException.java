// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

/**
 * Thrown when a QM9 file (an XYZ file, an exclusion list, a CSV row) is malformed. The message
 * starts with {@code source:line:} so that the offending place can be found directly.
 */
public class Qm9FormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int lineNumber;

    /**
     * Creates an exception for a problem at one line of a source.
     *
     * @param source the file or archive entry name
     * @param lineNumber the one-based line number, or 0 when the problem concerns the whole source
     * @param message what is wrong, without the location prefix
     */
    public Qm9FormatException(String source, int lineNumber, String message) {
        super(lineNumber > 0 ? source + ":" + lineNumber + ": " + message : source + ": " + message);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    /**
     * Returns the file or archive entry name.
     *
     * @return the source name
     */
    public String getSource() {
        return source;
    }

    /**
     * Returns the one-based line number of the problem.
     *
     * @return the line number, or 0 when the problem concerns the whole source
     */
    public int getLineNumber() {
        return lineNumber;
    }
}
