// SPDX-License-Identifier: Apache-2.0
package com.example.segnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.EquivarianceChecker;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's model trained the DJL way: a dataset of your own, DJL's {@code Trainer} and
 * {@code EasyTrain.fit}; the trained composition (SEGNN and a plain DJL head) stays invariant.
 */
class TrainYourModelTest {

    @Test
    void easyTrainFitsTheComposedModelAndItStaysInvariant() throws Exception {
        Engine.getInstance().setRandomSeed(7);
        PointCloudDataset train = PointCloudDataset.builder().optSize(48).setSampling(8, true).build();
        train.prepare(null);
        SequentialBlock net = SegnnInYourModel.model();
        try (Model model = Model.newInstance("segnn-in-your-model")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
            try (Trainer trainer = model.newTrainer(config);
                    NDManager manager = model.getNDManager().newSubManager()) {
                NDList[] fixed = train.build(manager, new long[] {0, 1, 2, 3, 4, 5, 6, 7});
                NDList example = fixed[0];
                trainer.initialize(example.getShapes());
                float before = loss(trainer, fixed);
                EasyTrain.fit(trainer, 3, train, null);
                float after = loss(trainer, fixed);
                assertTrue(Float.isFinite(after) && after < before, "L1 loss " + before + " -> " + after);

                Irreps attr = SegnnInYourModel.ATTR;
                EquivarianceChecker.builder().build()
                        .check(net, example, GraphBatch.featureSlots(Irreps.parse("1x1o+1x0e"), attr, attr, 1),
                                List.of(FeatureSlot.graphIrreps(Irreps.parse("1x0e"))))
                        .assertBelow(1e-5);
            }
        }
    }

    private static float loss(Trainer trainer, NDList[] batch) {
        return trainer.getLoss().evaluate(batch[1], trainer.evaluate(batch[0])).getFloat();
    }
}
