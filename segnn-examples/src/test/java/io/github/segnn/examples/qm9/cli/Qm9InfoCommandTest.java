// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.qm9.Qm9TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Qm9InfoCommandTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        CommandLine cl = new CommandLine(new Qm9Command());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void summarisesTheSamplesWithTheOfficialExclusions() {
        String[] r = run("info", "--data", Qm9TestData.xyzFolder().toString(), "--exclusions",
                Qm9TestData.resource("/qm9/excluded-indices.txt").toString(), "--threads", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("read 19 molecules from "), r[1]);
        assertTrue(r[1].contains("exclusions: 3054 molecules listed in "), r[1]);
        assertTrue(r[1].contains("cormorant split (seed 0) of N = 130831: train 14/100000 valid 4/17748 test 1/13083"), r[1]);
    }

    @Test
    void withoutExclusionsTheSamplesAreTooFewForASplit() {
        String[] r = run("info", "--data", Qm9TestData.xyzFolder().toString(), "--threads", "1");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("read 20 molecules"), r[1]);
        assertTrue(r[1].contains("split: not computed, 20 molecules are fewer than the 100000 of train"), r[1]);
    }

    @Test
    void missingDataIsOneLine() {
        Path missing = tmp.resolve("nothing.tar.bz2");
        String[] r = run("info", "--data", missing.toString());
        assertEquals("1", r[0]);
        assertEquals("qm9 info: " + missing + ": no such QM9 archive or folder" + System.lineSeparator(), r[2]);
    }
}
