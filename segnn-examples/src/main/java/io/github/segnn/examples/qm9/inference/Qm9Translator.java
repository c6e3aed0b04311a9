// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.data.Qm9Standardization;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns molecules into a batch of graphs for a QM9 model and its standardized outputs into
 * properties in the run's unit.
 *
 * <ul>
 *   <li>{@link #processInput}: one molecule to a one-graph record ({@link Qm9ModelInput#record}).
 *   <li>{@link #getBatchifier}: a {@link GraphBatchifier}, which concatenates the records of a
 *       {@code batchPredict} into one forward pass.
 *   <li>{@link #batchProcessInput}: records, batchified, ordered as the model's input.
 *   <li>{@link #batchProcessOutput}: the model's {@code (G, 1)} standardized output to one {@link
 *       Prediction} per molecule, {@code y = mean + MAD z} as {@link Qm9Standardization}.
 * </ul>
 */
public final class Qm9Translator implements Translator<Molecule, Prediction> {

    private final double radius;
    private final String property;
    private final String unit;
    private final Qm9Standardization standardization;
    private final GraphBatchifier batchifier = new GraphBatchifier(false);

    /**
     * Creates the translator of a run.
     *
     * @param info the run's description (radius, target, unit, standardization)
     */
    public Qm9Translator(Qm9RunInfo info) {
        this.radius = info.radius;
        this.property = info.qm9Target().label();
        this.unit = info.unit;
        this.standardization = info.standardization();
    }

    /** {@inheritDoc} */
    @Override
    public Batchifier getBatchifier() {
        return batchifier;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Molecule input) {
        return Qm9ModelInput.record(ctx.getNDManager(), input, radius);
    }

    /** {@inheritDoc} */
    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<Molecule> inputs) {
        NDList[] records = new NDList[inputs.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = processInput(ctx, inputs.get(i));
        }
        return batchifier.batchify(records);
    }

    /** {@inheritDoc} */
    @Override
    public Prediction processOutput(TranslatorContext ctx, NDList list) {
        double z = list.singletonOrThrow().toType(DataType.FLOAT64, false).toDoubleArray()[0];
        return new Prediction(property, standardization.destandardize(z), unit);
    }

    /** {@inheritDoc} */
    @Override
    public List<Prediction> batchProcessOutput(TranslatorContext ctx, NDList list) {
        double[] z = list.singletonOrThrow().toType(DataType.FLOAT64, false).toDoubleArray();
        List<Prediction> out = new ArrayList<>(z.length);
        for (double v : z) {
            out.add(new Prediction(property, standardization.destandardize(v), unit));
        }
        return out;
    }
}
