// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.cli;

import io.github.segnn.djl.io.IoMessages;
import io.github.segnn.examples.bench.BenchCommand;
import io.github.segnn.examples.nbody.cli.NbodyCommand;
import io.github.segnn.examples.qm9.cli.Qm9Command;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code segnn} command line: the root that the experiment groups hang under.
 *
 * <p>Run {@code segnn --help} for the list; {@code segnn nbody generate --help} for the N-body data
 * generator. Argument errors print picocli's message and usage (exit code 2); failures while
 * running print a one-line error (exit code 1), never a stack trace.
 */
@Command(
        name = "segnn",
        mixinStandardHelpOptions = true,
        versionProvider = SegnnCli.Version.class,
        description = "Steerable E(3)-equivariant graph networks on DJL: data, training, evaluation.",
        subcommands = {NbodyCommand.class, Qm9Command.class, BenchCommand.class})
public final class SegnnCli implements Runnable {

    @Spec private CommandSpec spec;

    /** Creates the root command; use {@link #commandLine()} to run it. */
    public SegnnCli() {
        // picocli fills the fields
    }

    /** Fails with a usage message: the root needs a sub-command. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /**
     * Returns the configured command line: case-insensitive enum values, and execution failures
     * reported as one line on the error stream with exit code 1.
     *
     * @return a new command line for {@code segnn}
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SegnnCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = IoMessages.describe(ex);
            commandLine.getErr().println(commandLine.getCommandName() + ": error: " + message);
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /**
     * Runs the command line and exits with the command's exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Reports the library, DJL and PyTorch versions recorded at build time ({@link BuildVersions}). */
    static final class Version implements CommandLine.IVersionProvider {
        /** {@inheritDoc} */
        @Override
        public String[] getVersion() {
            return BuildVersions.read().lines();
        }
    }
}
