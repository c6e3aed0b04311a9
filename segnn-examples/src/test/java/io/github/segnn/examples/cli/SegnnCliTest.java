// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SegnnCliTest {

    @Test
    void rootAndGroupNeedASubcommand() {
        StringWriter err = new StringWriter();
        CommandLine cl = SegnnCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute());
        assertTrue(err.toString().startsWith("Missing required subcommand"), err.toString());
        assertTrue(err.toString().contains("nbody"), err.toString());
        assertEquals(2, cl.execute("nbody"));
        assertTrue(err.toString().contains("generate"), err.toString());
    }

    @Test
    void versionAndUnknownCommands() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SegnnCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("--version"));
        assertTrue(out.toString().startsWith("segnn "), out.toString());
        assertEquals(2, cl.execute("qm10"));
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
    }
}
