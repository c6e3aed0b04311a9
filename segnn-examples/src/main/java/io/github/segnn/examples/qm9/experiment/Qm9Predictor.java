// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.experiment;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Standardization;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import io.github.segnn.examples.qm9.model.Qm9Model;
import io.github.segnn.examples.qm9.model.Qm9ModelConfig;
import io.github.segnn.examples.train.Devices;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads a trained QM9 model and predicts its target for molecules, in the target's unit. */
public final class Qm9Predictor implements AutoCloseable {

    private final NDManager manager;
    private final Qm9Model model;
    private final Qm9ModelConfig config;
    private final Qm9Standardization standardization;

    /**
     * Loads a model.
     *
     * @param config the model settings
     * @param standardization the run's standardization
     * @param params the parameter file, e.g. {@code best.params}
     * @param device {@code auto}, {@code cpu} or {@code gpuN}
     * @throws IOException if the file is missing or does not fit the model
     */
    public Qm9Predictor(Qm9ModelConfig config, Qm9Standardization standardization, Path params, String device)
            throws IOException {
        if (!Files.isRegularFile(params)) {
            throw new IOException(params + " does not exist: train first ('segnn qm9 train')");
        }
        Device d = Devices.resolve(device);
        this.config = config;
        this.standardization = standardization;
        manager = NDManager.newBaseManager(d);
        model = new Qm9Model(config);
        model.initialize(manager, DataType.FLOAT32, Qm9Model.inputShapes(2, 2, 1));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
            model.loadParameters(manager, new DataInputStream(in));
        } catch (MalformedModelException | IllegalArgumentException e) {
            manager.close();
            throw new IOException(params + ": parameters do not fit the model " + config + ": " + e.getMessage(), e);
        }
    }

    /**
     * Predicts the target of molecules.
     *
     * @param molecules the molecules
     * @return one prediction per molecule, in the target's unit (e.g. eV)
     */
    public double[] predict(List<Qm9Molecule> molecules) {
        Qm9Graphs graphs = Qm9Graphs.build(molecules, config.radius(), 1);
        int[] all = new int[graphs.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (NDManager m = manager.newSubManager()) {
            NDList batch = graphs.batch(m, all, DataType.FLOAT32);
            NDArray z = model.forward(new ParameterStore(m, false), batch, false).singletonOrThrow();
            double[] out = z.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = standardization.destandardize(out[i]);
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
