// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code segnn} command line in-process, capturing what it prints. */
public final class CliRun {

    private CliRun() {}

    /**
     * Runs {@code segnn args...} as {@link SegnnCli#main} would, without exiting.
     *
     * @param args the arguments
     * @return {@code {exit code, standard output, standard error}}
     */
    public static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SegnnCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
