// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns exceptions into the sentences a user reads: the file and the reason, never an exception
 * class name or {@code null}. Java's file-system exceptions carry the path as their whole message
 * ({@code NoSuchFileException: data/x.npy}) or no message at all ({@code EOFException}); this class
 * supplies the missing reason.
 */
public final class IoMessages {

    private IoMessages() {}

    /**
     * Describes a failure in one line: the innermost useful message, with a reason added where the
     * exception type was the only information.
     *
     * @param error the failure
     * @return a message naming the file (where known) and the reason
     */
    public static String describe(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof FileSystemException) {
            return describeFileSystem((FileSystemException) t);
        }
        String message = t.getMessage();
        if (t.getCause() != null && t.getCause() != t && message != null && message.equals(t.getCause().toString())) {
            // new IOException(cause) copies the cause's class name and message: describe the cause instead
            return describe(t.getCause());
        }
        if (message != null && !message.isBlank() && !"null".equals(message)) {
            return message;
        }
        if (t.getCause() != null && t.getCause() != t) {
            return describe(t.getCause());
        }
        return reasonForType(t);
    }

    /**
     * Returns only the reason of an I/O failure, without the file, for messages that name the file
     * themselves ("cannot write X: reason").
     *
     * @param error the failure
     * @return for example {@code No space left on device} or {@code permission denied}
     */
    public static String reason(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) t;
            String r = f.getReason();
            return r != null && !r.isBlank() ? r + subject(f) : reasonForType(t) + subject(f);
        }
        return describe(t);
    }

    private static String subject(FileSystemException f) {
        return f.getFile() != null ? " (" + f.getFile() + ")" : "";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof UncheckedIOException || t instanceof ExecutionException
                || t instanceof CompletionException || t instanceof java.lang.reflect.InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describeFileSystem(FileSystemException f) {
        String file = f.getFile();
        String reason = f.getReason() != null && !f.getReason().isBlank() ? f.getReason() : reasonForType(f);
        if (file == null) {
            return reason;
        }
        return f.getOtherFile() != null ? file + " -> " + f.getOtherFile() + ": " + reason : file + ": " + reason;
    }

    private static String reasonForType(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof FileAlreadyExistsException) {
            return "already exists (and is in the way)";
        }
        if (t instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (t instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        if (t instanceof EOFException) {
            return "unexpected end of file (the file is truncated)";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of Java heap memory (raise -Xmx, e.g. SEGNN_JAVA_OPTS=-Xmx8g)";
        }
        if (t instanceof IOException) {
            return "input/output error";
        }
        if (t instanceof ArithmeticException || t instanceof IndexOutOfBoundsException
                || t instanceof NullPointerException || t instanceof ClassCastException) {
            return "internal error (please report it with the command that caused it)";
        }
        return "failed without a message";
    }
}
