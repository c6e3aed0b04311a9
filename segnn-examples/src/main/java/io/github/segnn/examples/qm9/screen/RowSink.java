// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where screening rows go: a file written beside its destination and renamed onto it by {@link
 * #commit}, so a failed run leaves any earlier output as it was; {@link #close} without a commit
 * deletes the partial file.
 */
public interface RowSink extends AutoCloseable {

    /**
     * Opens the sink for an output file: Parquet when the name ends in {@code .parquet}, CSV
     * otherwise, unless a format is given.
     *
     * @param out the output file
     * @param format {@code csv}, {@code parquet}, or null to go by the extension
     * @return the sink
     * @throws IOException if the folder cannot be written
     * @throws IllegalArgumentException for an unknown format
     */
    static RowSink open(Path out, String format) throws IOException {
        String f = format != null ? format.toLowerCase(Locale.ROOT)
                : out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet") ? "parquet" : "csv";
        switch (f) {
            case "csv":
                return new ScreenWriter(out);
            case "parquet":
                return new ParquetScreenWriter(out);
            default:
                throw new IllegalArgumentException("--format must be csv or parquet, got '" + format + "'");
        }
    }

    /**
     * Writes one row.
     *
     * @param row the row
     * @throws IOException on write errors
     */
    void write(ScreenRow row) throws IOException;

    /**
     * Finishes the file and moves it onto the output path.
     *
     * @throws IOException if it cannot be written or moved
     */
    void commit() throws IOException;

    /**
     * Closes the file; without a commit, deletes it.
     *
     * @throws IOException if it cannot be deleted
     */
    @Override
    void close() throws IOException;
}
