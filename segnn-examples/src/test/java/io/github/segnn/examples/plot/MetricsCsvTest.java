// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @TempDir Path tmp;

    private Path write(String content) throws IOException {
        Path file = tmp.resolve("m.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private MetricsFormatException bad(String content) throws IOException {
        Path file = write(content);
        MetricsFormatException e =
                assertThrows(MetricsFormatException.class, () -> MetricsCsv.read(file));
        assertTrue(e.getMessage().startsWith(file + ":" + e.line() + ": "), e.getMessage());
        return e;
    }

    @Test
    void readsScientificNotationEmptyCellsBomCrLfAndBlankLines() throws IOException {
        MetricsCsv m =
                MetricsCsv.read(
                        write(
                                "\uFEFFepoch, train_loss ,valid,test,seconds\r\n"
                                        + "1,1.5e-03,,,2.0\r\n"
                                        + "\r\n"
                                        + "2,+7E-4,6.25e-4,.5,\r\n"
                                        + "3,nan,-inf,Infinity,1\n"));
        assertEquals(3, m.rows());
        assertEquals(1.5e-3, m.trainLoss(0));
        assertFalse(m.hasValid(0));
        assertFalse(m.hasTest(0));
        assertTrue(Double.isNaN(m.valid(0)));
        assertEquals(2.0, m.seconds(0));
        assertEquals(2.0, m.epoch(1));
        assertEquals(7e-4, m.trainLoss(1));
        assertEquals(6.25e-4, m.valid(1));
        assertEquals(0.5, m.test(1));
        assertTrue(Double.isNaN(m.seconds(1)));
        assertTrue(Double.isNaN(m.trainLoss(2)));
        assertTrue(m.hasValid(2));
        assertEquals(Double.NEGATIVE_INFINITY, m.valid(2));
        assertEquals(Double.POSITIVE_INFINITY, m.test(2));
    }

    @Test
    void headerOnlyHasNoRows() throws IOException {
        assertEquals(0, MetricsCsv.read(write(MetricsCsv.HEADER + "\n")).rows());
    }

    @Test
    void errorsNameTheLine() throws IOException {
        String h = MetricsCsv.HEADER + "\n";
        assertEquals(1, bad("").line());
        assertEquals(1, bad("epoch,train_loss,valid,test\n").line());
        assertEquals(1, bad("epoch,train_loss,test,valid,seconds\n").line());
        MetricsFormatException cells = bad(h + "1,0.5,,,1\n2,0.5,,1\n");
        assertEquals(3, cells.line());
        assertTrue(cells.getMessage().contains("expected 5 cells, found 4"), cells.getMessage());
        MetricsFormatException empty = bad(h + "1,,,,1\n");
        assertEquals(2, empty.line());
        assertTrue(empty.getMessage().contains("'train_loss' is empty"), empty.getMessage());
        assertEquals(2, bad(h + ",0.5,,,1\n").line());
        // Blank lines still count towards the reported line number.
        assertEquals(4, bad(h + "1,0.5,,,1\n\n2,0x1p3,,,1\n").line());
        assertEquals(2, bad(h + "1,0.5,,,1s\n").line());
        assertEquals(2, bad(h + "1,1d,,,1\n").line());
        assertEquals(2, bad(h + "nan,0.5,,,1\n").line());
        MetricsFormatException test = bad(h + "1,0.5,0.4,abc,1\n");
        assertTrue(test.getMessage().contains("'test'"), test.getMessage());
    }

    @Test
    void invalidUtf8NamesTheFile() throws IOException {
        Path file = tmp.resolve("latin1.csv");
        Files.write(file, new byte[] {'e', 'p', (byte) 0xe9, '\n'});
        MetricsFormatException e =
                assertThrows(MetricsFormatException.class, () -> MetricsCsv.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
