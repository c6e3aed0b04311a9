// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.experiment;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.data.NbodyGraph;
import io.github.segnn.examples.nbody.model.NbodyModel;
import io.github.segnn.examples.train.Devices;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads trained N-body parameters and predicts the targets (positions, or gravity forces) of chosen systems. */
public final class NbodyPredictor implements AutoCloseable {

    private final NDManager manager;
    private final NbodyModel model;
    private final NbodyGraph graph;
    private final int batchSize;

    /**
     * Loads a model.
     *
     * @param experiment the experiment (architecture, centring, shapes)
     * @param params the parameter file, for example {@code best.params}
     * @param device {@code auto}, {@code cpu} or {@code gpuN}
     * @throws IOException if the file cannot be read or does not fit the model
     */
    public NbodyPredictor(NbodyExperiment experiment, Path params, String device) throws IOException {
        Device d = Devices.resolve(device);
        manager = NDManager.newBaseManager(d);
        model = (NbodyModel) experiment.newModel();
        model.initialize(manager, DataType.FLOAT32, experiment.inputShapes());
        batchSize = (int) experiment.inputShapes()[io.github.segnn.djl.graph.GraphBatch.NODE_COUNTS].get(0);
        graph = experiment.task().graph();
        if (!Files.exists(params)) {
            throw new IOException(params + " does not exist: train first ('segnn nbody train')");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
            model.loadParameters(manager, new DataInputStream(in));
        } catch (MalformedModelException e) {
            throw new IOException(params + ": parameters do not fit " + experiment.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Predicts the target positions of systems.
     *
     * @param frames the frames
     * @param systems system indices
     * @return predicted positions {@code [system][particle][xyz]}
     */
    public double[][][] predict(ChargedFrames frames, int[] systems) {
        int n = frames.numParticles();
        double[][][] out = new double[systems.length][n][3];
        for (int from = 0; from < systems.length; from += batchSize) {
            int[] chunk = java.util.Arrays.copyOfRange(systems, from, Math.min(systems.length, from + batchSize));
            try (NDManager m = manager.newSubManager()) {
                NDList[] dl = NbodyDataset.build(m, frames, graph, chunk, DataType.FLOAT32);
                NDArray y = model.forward(new ParameterStore(m, false), dl[0], false).singletonOrThrow();
                double[] v = y.toType(DataType.FLOAT64, false).toDoubleArray();
                for (int s = 0; s < chunk.length; s++) {
                    for (int k = 0; k < n; k++) {
                        for (int c = 0; c < 3; c++) {
                            out[from + s][k][c] = v[(s * n + k) * 3 + c];
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Returns positions of the frames as {@code [system][particle][xyz]}.
     *
     * @param frames the frames
     * @param systems system indices
     * @param target whether to take the target frame (else the input frame)
     * @return the positions
     */
    public static double[][][] positions(ChargedFrames frames, int[] systems, boolean target) {
        int n = frames.numParticles();
        double[] src = target ? frames.locTarget() : frames.locInput();
        double[][][] out = new double[systems.length][n][3];
        for (int s = 0; s < systems.length; s++) {
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < 3; c++) {
                    out[s][k][c] = src[systems[s] * 3 * n + c * n + k];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
