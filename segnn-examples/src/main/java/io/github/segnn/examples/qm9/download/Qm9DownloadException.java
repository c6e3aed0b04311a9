// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.download;

import java.io.IOException;

/**
 * A download of a QM9 release file failed or was refused. The message is a single line meant for
 * the user: it says what happened and what to do, without a stack trace.
 */
public class Qm9DownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a one-line explanation
     */
    public Qm9DownloadException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message a one-line explanation
     * @param cause the underlying error
     */
    public Qm9DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
