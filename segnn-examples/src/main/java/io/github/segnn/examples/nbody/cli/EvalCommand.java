// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.train.ExperimentRunner;
import io.github.segnn.examples.train.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segnn nbody eval}: evaluates a trained run's parameters; ends with {@code test_mse=<value>}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained N-body model on the validation and test splits; prints test_mse.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private NbodyRunOptions options;

    @Option(names = "--params", description = "Parameter file (default <out>/best.params).")
    private Path params;

    /** Creates the command; picocli fills the fields. */
    public EvalCommand() {
        // picocli
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        options.adoptRun(spec);
        options.validate(spec, null);
        NbodyExperiment exp = options.experiment(options.load(null, w::println));
        Path p = params != null ? params : options.outDir().resolve("best.params");
        ExperimentRunner runner = new ExperimentRunner(exp, new RunConfig(1, 1, 1f, 0f, null, 1f, options.seed,
                options.outDir(), false, options.device), w::println);
        double valid = runner.evaluate(p, Dataset.Usage.VALIDATION);
        double test = runner.evaluate(p, Dataset.Usage.TEST);
        w.println(String.format(Locale.ROOT, "%s: valid_mse=%.6g", p, valid));
        w.println(String.format(Locale.ROOT, "test_mse=%.6g", test));
        w.flush();
        return 0;
    }
}
