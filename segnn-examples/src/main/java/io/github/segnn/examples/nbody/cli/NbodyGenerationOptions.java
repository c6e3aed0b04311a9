// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Options of {@code nbody train} that only matter when the data folder holds no data and the
 * data set is generated (seed 43); {@code eval} and {@code predict} read existing data and do not
 * list them.
 */
public final class NbodyGenerationOptions {

    @Option(names = "--particles", defaultValue = "100",
            description = "Gravity only: bodies per system to generate when --data holds none (default ${DEFAULT-VALUE}).")
    int particles;

    @Option(names = "--num-train", defaultValue = "10000",
            description = "Training trajectories to generate when --data holds none (default ${DEFAULT-VALUE}).")
    int numTrain;

    @Option(names = "--num-valid", defaultValue = "2000",
            description = "Validation trajectories to generate when --data holds none (default ${DEFAULT-VALUE}).")
    int numValid;

    @Option(names = "--num-test", defaultValue = "2000",
            description = "Test trajectories to generate when --data holds none (default ${DEFAULT-VALUE}).")
    int numTest;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for data generation (default ${DEFAULT-VALUE}).")
    int threads;

    /** Creates the options; picocli fills the fields. */
    public NbodyGenerationOptions() {
        // picocli
    }

    /**
     * Returns the trajectory counts.
     *
     * @return train, valid and test
     */
    int[] counts() {
        return new int[] {numTrain, numValid, numTest};
    }

    /**
     * Checks the values before any work.
     *
     * @param spec the command, for the usage message
     * @param gravity whether the system is gravity (where {@code --particles} applies)
     * @throws ParameterException naming the option and the reason
     */
    void validate(CommandSpec spec, boolean gravity) {
        String[] names = {"--num-train", "--num-valid", "--num-test"};
        int[] counts = counts();
        for (int i = 0; i < 3; i++) {
            if (counts[i] < 1) {
                throw new ParameterException(spec.commandLine(), names[i] + " must be >= 1, got " + counts[i]);
            }
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
        }
        if (particles < 2) {
            throw new ParameterException(spec.commandLine(), "--particles must be >= 2, got " + particles);
        }
        if (!gravity && spec.commandLine().getParseResult().hasMatchedOption("--particles")) {
            throw new ParameterException(spec.commandLine(),
                    "--particles applies to --system gravity only (the charged system has 5 particles)");
        }
    }
}
