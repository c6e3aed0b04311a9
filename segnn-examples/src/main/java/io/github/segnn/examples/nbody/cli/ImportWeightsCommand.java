// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.segnn.djl.io.E3nnWeights;
import io.github.segnn.examples.nbody.experiment.NbodyExperiment;
import io.github.segnn.examples.nbody.experiment.NbodyPredictor;
import io.github.segnn.examples.nbody.model.NbodyModel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segnn nbody import-weights}: loads weights of the official PyTorch SEGNN (e3nn layout, JSON)
 * into the N-body model and writes {@code <out>/best.params}, so that {@code eval} and
 * {@code predict} use them; {@code --export} goes the other way.
 */
@Command(name = "import-weights", mixinStandardHelpOptions = true,
        description = "Import official PyTorch SEGNN weights (e3nn JSON) into <out>/best.params, or export with --export.")
public final class ImportWeightsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private NbodyRunOptions options;

    @Option(names = "--weights", required = true, description = "The e3nn-layout JSON file (.json or .json.gz).")
    private Path weights;

    @Option(names = "--export", description = "Write <out>/best.params as e3nn JSON to --weights instead of importing.")
    private boolean export;

    /** Creates the command; picocli fills the fields. */
    public ImportWeightsCommand() {
        // picocli
    }

    @Override
    public Integer call() throws Exception {
        options.validate(spec, null);
        NbodyExperiment exp = options.experimentWithoutData();
        Path params = options.outDir().resolve("best.params");
        try (NDManager m = NDManager.newBaseManager()) {
            NbodyModel model = (NbodyModel) exp.newModel();
            model.initialize(m, DataType.FLOAT32, exp.inputShapes());
            if (export) {
                try (NbodyPredictor ignored = new NbodyPredictor(exp, params, "cpu")) {
                    // validates the file first
                }
                try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(params)))) {
                    model.loadParameters(m, in);
                }
                E3nnWeights.write(model.getNetwork(), weights);
                System.out.println("wrote " + weights + " from " + params);
                return 0;
            }
            if (!Files.exists(weights)) {
                throw new IllegalArgumentException("--weights " + weights + " does not exist");
            }
            E3nnWeights.read(model.getNetwork(), weights);
            Files.createDirectories(params.getParent());
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(params))) {
                model.saveParameters(new DataOutputStream(os));
            }
            System.out.println("imported " + weights + " into " + params + " (" + exp.name() + ")");
        }
        return 0;
    }
}
