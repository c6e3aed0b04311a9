package io.github.segnn.examples.qm9;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code qm9} command group. It holds {@code download}; training, evaluation and prediction
 * subcommands are added by the code that registers this group in the root command line.
 */
@Command(
        name = "qm9",
        mixinStandardHelpOptions = true,
        description = "QM9 molecular property prediction (Ramakrishnan et al. 2014).",
        subcommands = {Qm9DownloadCommand.class})
public final class Qm9Command implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Reports that a subcommand is required. */
    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "missing subcommand; choose one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
