// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code segnn nbody} group: charged and gravity N-body data generation, training and evaluation. */
@Command(
        name = "nbody",
        mixinStandardHelpOptions = true,
        description = "Charged and gravity N-body experiments.",
        subcommands = {GenerateCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            ImportWeightsCommand.class})
public final class NbodyCommand implements Runnable {

    @Spec private CommandSpec spec;

    /** Creates the group; picocli instantiates it. */
    public NbodyCommand() {
        // picocli fills the fields
    }

    /** Fails with a usage message: the group needs a sub-command. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
