// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes screening rows as CSV, atomically: rows go to a temporary file beside the output, which
 * {@link #commit} renames to the output; {@link #close} without a commit deletes it, so a failed run
 * leaves any earlier output untouched. Columns: {@link ScreenRow#COLUMNS}; the prediction is
 * written with full double precision, empty on error rows.
 */
public final class ScreenWriter implements RowSink {

    private final Path out;
    private final Path tmp;
    private final BufferedWriter writer;
    private boolean committed;

    /**
     * Opens the temporary file and writes the header.
     *
     * @param out the output file
     * @throws IOException if the folder cannot be written
     */
    public ScreenWriter(Path out) throws IOException {
        this.out = out;
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        this.tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
        this.writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8),
                1 << 16);
        writer.write(String.join(",", ScreenRow.COLUMNS));
        writer.write('\n');
    }

    /** {@inheritDoc} */
    @Override
    public void write(ScreenRow row) throws IOException {
        writer.write(field(row.id()));
        writer.write(',');
        writer.write(field(row.formula()));
        writer.write(',');
        writer.write(row.atoms() > 0 ? Integer.toString(row.atoms()) : "");
        writer.write(',');
        writer.write(Double.isNaN(row.prediction()) ? "" : Double.toString(row.prediction()));
        writer.write(',');
        writer.write(field(row.unit()));
        writer.write(',');
        writer.write(field(row.error()));
        writer.write('\n');
    }

    /** {@inheritDoc} */
    @Override
    public void commit() throws IOException {
        writer.close();
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** {@inheritDoc} */
    @Override
    public void close() throws IOException {
        if (!committed) {
            writer.close();
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
     *
     * @param s the value
     * @return the field
     */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
