// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code qm9} command group: {@code download}, {@code info}, {@code train}, {@code eval} and
 * {@code predict}. {@link #main} runs the group on its own.
 */
@Command(
        name = "qm9",
        mixinStandardHelpOptions = true,
        description = "QM9 molecular property prediction (Ramakrishnan et al. 2014).",
        subcommands = {Qm9DownloadCommand.class, Qm9InfoCommand.class, Qm9TrainCommand.class, Qm9EvalCommand.class,
            Qm9PredictCommand.class, Qm9ScreenCommand.class})
public final class Qm9Command implements Runnable {

    @Spec
    private CommandSpec spec;

    /**
     * Runs the group as a program, e.g. {@code java -cp ... io.github.segnn.examples.qm9.cli.Qm9Command
     * info --data data/qm9/dsgdb9nsd.xyz.tar.bz2}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Qm9Command()).execute(args));
    }

    /** Reports that a subcommand is required. */
    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "missing subcommand; choose one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
