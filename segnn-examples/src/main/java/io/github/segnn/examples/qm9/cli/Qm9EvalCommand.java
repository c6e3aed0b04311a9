// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.io.IoMessages;
import io.github.segnn.examples.qm9.data.Qm9Data;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.experiment.Qm9Experiment;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.train.ExperimentRunner;
import io.github.segnn.examples.train.RunConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segnn qm9 eval}: evaluates a trained run's parameters on the validation and test molecules
 * of the run's split; ends with {@code test_mae=<value> <unit>}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained QM9 model on the validation and test splits; prints test_mae=<value> <unit>.")
public final class Qm9EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Qm9DataOptions dataOptions;

    @Mixin
    private Qm9RunFolder run;

    @Option(names = "--max-eval", paramLabel = "N",
            description = "Evaluate on N molecules each of valid and test (default: as the run was trained; 0 for all).")
    private Integer maxEval;

    /** Creates the command; picocli fills the fields. */
    public Qm9EvalCommand() {
        // picocli
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        Consumer<String> log = s -> {
            stdout.println(s);
            stdout.flush();
        };
        try {
            Qm9RunInfo info = run.info();
            Qm9Target t = info.qm9Target();
            int maxTrain = info.maxTrain < 1 ? Integer.MAX_VALUE : info.maxTrain;
            int evalCount = maxEval != null ? maxEval : info.maxEval;
            Map<Dataset.Usage, List<Qm9Molecule>> parts = dataOptions.load(Qm9Data.scheme(info.split),
                    maxTrain, evalCount < 1 ? Integer.MAX_VALUE : evalCount, log);
            Qm9Experiment exp = new Qm9Experiment(info.config(), t, parts, info.batchSize, info.standardization(),
                    dataOptions.threads);
            Path params = run.paramsFile();
            ExperimentRunner runner = new ExperimentRunner(exp, new RunConfig(1, 1, 1f, 0f, null, 1f, 0, run.dir(),
                    false, run.device), log);
            double valid = runner.evaluate(params, Dataset.Usage.VALIDATION);
            double test = runner.evaluate(params, Dataset.Usage.TEST);
            log.accept(String.format(Locale.ROOT, "%s: %s valid_mae=%.6g %s (%d molecules), test %d molecules", params,
                    t.label(), valid, t.reportUnit(), exp.graphs(Dataset.Usage.VALIDATION).size(),
                    exp.graphs(Dataset.Usage.TEST).size()));
            log.accept(String.format(Locale.ROOT, "test_mae=%.6g %s", test, t.reportUnit()));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("qm9 eval: " + IoMessages.describe(e).replace('\n', ' '));
            err.flush();
            return 1;
        }
    }
}
