// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import io.github.segnn.djl.io.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the {@code .npy} files of a data set before anything reads or writes it: which files are
 * present, which are missing, which are malformed (header, truncation, shape), reading only the
 * headers. A data loader uses it to tell an absent data set (generate it) from an incomplete or
 * damaged one (report every problem and leave the folder alone).
 */
public final class DataSetCheck {

    private final Path folder;
    private final List<String> problems = new ArrayList<>();
    private int present;
    private int expected;

    /**
     * Starts a check of one folder.
     *
     * @param folder the data folder
     */
    public DataSetCheck(Path folder) {
        this.folder = folder;
    }

    /**
     * Returns whether a file of the set exists, without counting it as expected.
     *
     * @param name the file name
     * @return whether it exists in the folder
     */
    public boolean has(String name) {
        return Files.exists(folder.resolve(name));
    }

    /**
     * Checks one expected file: present, a complete {@code .npy} file.
     *
     * @param name the file name in the folder
     * @return its header, or null if it is missing or malformed (the problem is recorded)
     */
    public NpyHeader file(String name) {
        expected++;
        Path f = folder.resolve(name);
        if (!Files.exists(f)) {
            problems.add(name + ": missing");
            return null;
        }
        present++;
        try {
            return Npy.inspect(f);
        } catch (NpyFormatException e) {
            String m = e.getMessage();
            problems.add(name + ": " + (m.startsWith(f + ": ") ? m.substring(f.toString().length() + 2) : m));
        } catch (NoSuchFileException e) {
            problems.add(name + ": missing");
        } catch (IOException e) {
            problems.add(name + ": cannot be read: " + IoMessages.reason(e));
        }
        return null;
    }

    /**
     * Checks one expected file and its shape.
     *
     * @param name the file name in the folder
     * @param expectedShape the shape; a negative entry matches any positive extent
     * @param meaning the axes in words, for the message, for example {@code (S, 3, n)}
     * @return its header, or null if it is missing, malformed or of another shape
     */
    public NpyHeader file(String name, int[] expectedShape, String meaning) {
        NpyHeader h = file(name);
        if (h != null && !fits(h.shape(), expectedShape)) {
            problems.add(name + ": expected shape " + meaning + " = " + shapeText(expectedShape) + ", got "
                    + shapeText(h.shape()));
            return null;
        }
        return h;
    }

    /**
     * Records a problem that the caller found (for example, too few frames).
     *
     * @param name the file name
     * @param why the reason
     */
    public void problem(String name, String why) {
        problems.add(name + ": " + why);
    }

    /**
     * Returns how many expected files exist.
     *
     * @return the count
     */
    public int present() {
        return present;
    }

    /**
     * Returns whether every expected file is present and well-formed.
     *
     * @return true if no problem was recorded
     */
    public boolean complete() {
        return problems.isEmpty();
    }

    /**
     * Returns the problems found, one line each ({@code name: reason}).
     *
     * @return the problems
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Builds the error for an incomplete or damaged data set.
     *
     * @param what the data set in words, for example {@code charged N-body data}
     * @param advice what the user can do
     * @return the exception, whose message lists every problem
     */
    public IncompleteDataException failure(String what, String advice) {
        return new IncompleteDataException(folder, what, problems, expected, advice);
    }

    private static boolean fits(int[] shape, int[] expected) {
        if (shape.length != expected.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (expected[i] < 0 ? shape[i] < 1 : shape[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String shapeText(int[] shape) {
        String[] s = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i] < 0 ? "any" : Integer.toString(shape[i]);
        }
        return "(" + String.join(", ", Arrays.asList(s)) + ")";
    }
}
