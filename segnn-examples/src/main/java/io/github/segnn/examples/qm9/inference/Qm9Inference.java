// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import ai.djl.Device;
import ai.djl.repository.zoo.Criteria;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The DJL {@link Criteria} of a QM9 run folder (as written by {@code segnn qm9 train}):
 *
 * <pre>{@code
 * Criteria<Molecule, Prediction> criteria = Qm9Inference.criteria(Path.of("runs/qm9-homo")).build();
 * try (ZooModel<Molecule, Prediction> model = criteria.loadModel();
 *         Predictor<Molecule, Prediction> predictor = model.newPredictor()) {
 *     List<Prediction> p = predictor.batchPredict(molecules);
 * }
 * }</pre>
 *
 * <p>which is the plain DJL form
 *
 * <pre>{@code
 * Criteria.builder().setTypes(Molecule.class, Prediction.class)
 *         .optModelPath(runDir).optEngine("PyTorch")
 *         .optTranslatorFactory(new Qm9TranslatorFactory())
 *         .optArgument("blockFactory", new Qm9BlockFactory())
 *         .optOption("hasParameter", "false")
 * }</pre>
 *
 * <p>The block factory builds the architecture the run records and loads the run's parameters;
 * {@code hasParameter=false} tells DJL not to look for a file of its own format as well. The
 * builder can be extended as usual ({@code optDevice}, {@code optArgument("params",
 * "checkpoint.params")}).
 */
public final class Qm9Inference {

    private Qm9Inference() {}

    /**
     * Returns the Criteria builder of a run folder, on DJL's default device.
     *
     * @param runDir the run folder (holding {@code qm9-run.json} and {@code best.params})
     * @return the builder
     * @throws IllegalArgumentException if the folder holds no QM9 run description (DJL's own
     *     message would not name the folder)
     */
    public static Criteria.Builder<Molecule, Prediction> criteria(Path runDir) {
        if (!Files.isRegularFile(Qm9BlockFactory.runFolder(runDir).resolve(Qm9RunInfo.FILE))) {
            throw new IllegalArgumentException(runDir + " is not a QM9 run folder (no " + Qm9RunInfo.FILE
                    + "): train first ('segnn qm9 train --out " + runDir + "')");
        }
        return Criteria.builder().setTypes(Molecule.class, Prediction.class).optModelPath(runDir)
                .optEngine("PyTorch").optTranslatorFactory(new Qm9TranslatorFactory())
                .optArgument("blockFactory", new Qm9BlockFactory()).optOption("hasParameter", "false");
    }

    /**
     * Returns the Criteria builder of a run folder on a device with a chosen parameter file.
     *
     * @param runDir the run folder
     * @param params the parameter file, relative to the folder or absolute
     * @param device the device
     * @return the builder
     */
    public static Criteria.Builder<Molecule, Prediction> criteria(Path runDir, Path params, Device device) {
        return criteria(runDir).optArgument(Qm9BlockFactory.PARAMS_ARGUMENT, params.toString()).optDevice(device);
    }
}
