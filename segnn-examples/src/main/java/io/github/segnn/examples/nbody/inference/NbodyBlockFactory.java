// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.github.segnn.examples.nbody.model.NbodyModel;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the {@link NbodyModel} of an N-body run folder for DJL's model loader: the architecture
 * from the Criteria arguments ({@link NbodyRunSettings}), the parameters from the folder's {@code
 * best.params} (or the file named by the argument {@code params}). Used with {@code
 * optOption("hasParameter", "false")}, as {@link NbodyInference#criteria} sets it.
 */
public final class NbodyBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory. */
    public NbodyBlockFactory() {
        // stateless
    }

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path dir = Files.isRegularFile(modelPath) ? modelPath.toAbsolutePath().getParent() : modelPath;
        NbodyRunSettings s = NbodyRunSettings.of(arguments);
        Object name = arguments == null ? null : arguments.get("params");
        Path params = dir.resolve(name == null ? "best.params" : name.toString());
        if (!Files.isRegularFile(params)) {
            throw new NoSuchFileException(params.toString(), null, "no parameter file: train first ('segnn nbody train "
                    + "--out " + dir + "')");
        }
        NbodyModel block = new NbodyModel(s.architecture(), s.centring(), s.task().residual());
        int n = 5;
        long edges = s.task().graph().edgeCount(1, n);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(n, 3), new Shape(n, 3), new Shape(n, 1),
                new Shape(2, edges), new Shape(n), new Shape(1));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
            block.loadParameters(model.getNDManager(), new DataInputStream(in));
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new IOException(params + ": parameters do not fit the " + s.architecture() + " model of "
                    + s.task().title() + " (check the Criteria arguments system, model, faithful): " + e.getMessage(), e);
        }
        return block;
    }
}
