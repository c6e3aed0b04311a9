// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.repository.zoo.Criteria;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The DJL {@link Criteria} of an N-body run folder (as written by {@code segnn nbody train}). The
 * folder holds parameters only, so the training options that shape the model are Criteria
 * arguments ({@link NbodyRunSettings}, defaults as the command line's):
 *
 * <pre>{@code
 * try (ZooModel<ParticleSystem, ParticlePrediction> model = NbodyInference.criteria(runDir)
 *             .optArgument("model", "segnn-gp").build().loadModel();
 *         Predictor<ParticleSystem, ParticlePrediction> predictor = model.newPredictor()) {
 *     double[][] next = predictor.predict(ParticleSystem.of(pos, vel, charges)).values();
 * }
 * }</pre>
 *
 * <p>The plain DJL form is {@code Criteria.builder().setTypes(ParticleSystem.class,
 * ParticlePrediction.class).optModelPath(runDir).optEngine("PyTorch").optTranslatorFactory(new
 * NbodyTranslatorFactory()).optArgument("blockFactory", new NbodyBlockFactory())
 * .optOption("hasParameter", "false")}.
 */
public final class NbodyInference {

    private NbodyInference() {}

    /**
     * Returns the Criteria builder of a run folder.
     *
     * @param runDir the run folder holding {@code best.params}
     * @return the builder; add {@code optArgument("system", "gravity")} and the like for runs not
     *     trained with the defaults
     * @throws IllegalArgumentException if the folder does not exist
     */
    public static Criteria.Builder<ParticleSystem, ParticlePrediction> criteria(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException(runDir + " is not an N-body run folder: train first ('segnn nbody train "
                    + "--out " + runDir + "')");
        }
        return Criteria.builder().setTypes(ParticleSystem.class, ParticlePrediction.class).optModelPath(runDir)
                .optEngine("PyTorch").optTranslatorFactory(new NbodyTranslatorFactory())
                .optArgument("blockFactory", new NbodyBlockFactory()).optOption("hasParameter", "false");
    }
}
