// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import io.github.segnn.examples.qm9.model.Qm9Model;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the {@link Qm9Model} of a QM9 run folder for DJL's model loader: the architecture comes
 * from the folder's {@link Qm9RunInfo#FILE}, the parameters from its {@code best.params} (or the
 * file named by the Criteria argument {@value #PARAMS_ARGUMENT}, relative to the folder). Set it
 * with {@code Criteria.optArgument("blockFactory", new Qm9BlockFactory())} together with {@code
 * optOption("hasParameter", "false")}: the parameters are the run's own file, which this factory
 * loads, not a DJL {@code <name>-NNNN.params} file ({@link Qm9Inference#criteria} sets both).
 */
public final class Qm9BlockFactory implements BlockFactory {

    /** Criteria argument naming the parameter file; default {@code best.params}. */
    public static final String PARAMS_ARGUMENT = "params";

    private static final long serialVersionUID = 1L;

    /** Creates the factory. */
    public Qm9BlockFactory() {
        // stateless
    }

    /**
     * Returns the run folder of a model path: the path itself, or the folder of a file.
     *
     * @param modelPath the path DJL's loader gives
     * @return the run folder
     */
    static Path runFolder(Path modelPath) {
        return Files.isRegularFile(modelPath) ? modelPath.toAbsolutePath().getParent() : modelPath;
    }

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path dir = runFolder(modelPath);
        Qm9RunInfo info = Qm9RunInfo.read(dir);
        Object name = arguments == null ? null : arguments.get(PARAMS_ARGUMENT);
        Path params = dir.resolve(name == null ? "best.params" : name.toString());
        if (!Files.isRegularFile(params)) {
            throw new NoSuchFileException(params.toString(), null, "no parameter file: train first ('segnn qm9 train "
                    + "--out " + dir + "')");
        }
        Qm9Model block = new Qm9Model(info.config());
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3), new Shape(2, Qm9Graphs.ELEMENTS),
                new Shape(2, 2), new Shape(2), new Shape(1));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
            block.loadParameters(model.getNDManager(), new DataInputStream(in));
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new IOException(params + ": parameters do not fit the model " + info.config() + " of "
                    + dir.resolve(Qm9RunInfo.FILE) + ": " + e.getMessage(), e);
        }
        return block;
    }
}
