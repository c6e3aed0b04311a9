// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.GraphFixtures;
import io.github.segnn.djl.TestSupport;
import org.junit.jupiter.api.Test;

/** How users import our Blocks: a Segnn inside a plain DJL SequentialBlock, trained by DJL's Trainer. */
class SegnnTrainerTest {

    @Test
    void segnnInsideSequentialBlockTrainsWithDjlTrainer() {
        Irreps attr = Irreps.parse("1x0e+1x1o");
        Irreps in = Irreps.parse("1x1o+1x0e");
        Segnn segnn = Segnn.builder().setInputIrreps(in).setHiddenIrreps(Irreps.parse("8x0e+4x1o"))
                .setOutputIrreps(Irreps.parse("2x0e")).setNodeAttrIrreps(attr).setEdgeAttrIrreps(attr).optEdgeScalars(1)
                .optNumLayers(2).optTask(Task.GRAPH).optNorm(FeatureNorm.INSTANCE).build();
        SequentialBlock net = new SequentialBlock().add(segnn).add(Linear.builder().setUnits(1).build());
        try (Model model = Model.newInstance("segnn-in-sequential", TestSupport.device())) {
            model.setBlock(net);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                NDManager m = trainer.getManager();
                NDList x = GraphFixtures.fullyConnected(m, DataType.FLOAT32, in, attr, 1, 3, 4, 5);
                trainer.initialize(x.getShapes());
                NDArray target = m.create(new float[] {0.5f, -1f, 2f}, new Shape(3, 1));
                float first = 0;
                float last = 0;
                for (int step = 0; step < 12; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(new NDList(target), trainer.forward(x));
                        gc.backward(loss);
                        last = loss.getFloat();
                        first = step == 0 ? last : first;
                    }
                    trainer.step();
                }
                assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
            }
        }
    }
}
