// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Pair;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.djl.training.GraphTrainer;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFiles;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import io.github.segnn.examples.nbody.data.NbodyDataset;
import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.model.NbodyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * DJL's data parallelism through {@code EasyTrain.trainBatch}: a {@link GraphTrainer} whose device
 * list names the CPU two or three times (PyTorch's engine accepts no CPU index other than 0 or -1,
 * and DJL's parameter store no repeated device; the trainer gives the store each device once)
 * splits a batch into whole graphs and gets the gradients of the single-device step, in order or on
 * parallel threads.
 */
class MultiDeviceTrainingTest {

    private static List<double[]> trainOneBatch(Map<Dataset.Usage, ChargedFrames> data, Device[] devices,
            ExecutorService pool) throws Exception {
        ai.djl.engine.Engine.getInstance().setRandomSeed(11);
        try (Model model = Model.newInstance("multi", devices[0])) {
            model.setDataType(DataType.FLOAT64);
            model.setBlock(new NbodyModel(NbodyArchitecture.SEGNN_GP, Centring.PER_GRAPH));
            DefaultTrainingConfig tc = new DefaultTrainingConfig(MeanErrorLoss.squared())
                    .optOptimizer(ResumableAdam.builder().build()).optDevices(devices);
            if (pool != null) {
                tc.optExecutorService(pool);
            }
            NbodyDataset ds = NbodyDataset.builder().setData(data).setSampling(EpochShuffleSampler.sequential(5))
                    .optDataType(DataType.FLOAT64).build();
            try (GraphTrainer trainer = new GraphTrainer(model, tc)) {
                trainer.initialize(NbodyModel.inputShapes(5, 5, 5 * 5 * 4));
                Batch batch = trainer.iterateDataset(ds).iterator().next();
                EasyTrain.trainBatch(trainer, batch);
                List<double[]> grads = new ArrayList<>();
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    NDArray a = p.getValue().getArray();
                    if (a.hasGradient()) {
                        grads.add(a.getGradient().toDoubleArray());
                    }
                }
                grads.add(new double[] {trainer.getBatchLoss()});
                batch.close();
                return grads;
            }
        }
    }

    @Test
    void splitOverRepeatedCpuDevicesGivesTheSingleDeviceGradients() throws Exception {
        Path dir = Path.of(MultiDeviceTrainingTest.class.getResource("/io/github/segnn/examples/nbody/"
                + "reference-seed43-first50").toURI());
        Map<Dataset.Usage, ChargedFrames> data = new EnumMap<>(Dataset.Usage.class);
        for (Dataset.Usage s : Partitions.ORDER) {
            data.put(s, ChargedFiles.readFrames(dir, s));
        }
        Device cpu = Device.cpu();
        List<double[]> one = trainOneBatch(data, new Device[] {cpu}, null);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (Device[] devices : new Device[][] {{cpu, cpu}, {cpu, cpu, cpu}}) {
                for (ExecutorService es : new ExecutorService[] {null, pool}) {
                    List<double[]> many = trainOneBatch(data, devices, es);
                    String what = devices.length + " devices, " + (es == null ? "in order" : "on threads");
                    assertEquals(one.size(), many.size(), what);
                    double norm = 0;
                    for (int k = 0; k < one.size(); k++) {
                        double num = 0;
                        double den = 0;
                        for (int i = 0; i < one.get(k).length; i++) {
                            num += Math.pow(many.get(k)[i] - one.get(k)[i], 2);
                            den += Math.pow(one.get(k)[i], 2);
                        }
                        norm += den;
                        assertTrue(Math.sqrt(num) <= 1e-10 * Math.max(1e-12, Math.sqrt(den)), what + ", gradient " + k
                                + ": relative error " + Math.sqrt(num / Math.max(den, 1e-300)));
                    }
                    assertTrue(norm > 1e-8, "nonzero gradients");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pytorchRefusesASecondCpuIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new ai.djl.ndarray.types.Shape(2));
            assertThrows(RuntimeException.class, () -> a.toDevice(Device.of("cpu", 1), true).toDoubleArray(),
                    "if this starts to pass, Device.of(\"cpu\", 1) can serve as a second device");
        }
    }
}
