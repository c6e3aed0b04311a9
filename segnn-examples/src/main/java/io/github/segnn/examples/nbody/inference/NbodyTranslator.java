// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.github.segnn.djl.graph.GraphBatchifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns particle systems into a batch of graphs for an N-body model and its {@code (N, 3)} output
 * back into one {@link ParticlePrediction} per system.
 *
 * <ul>
 *   <li>{@link #processInput}: one system to a one-graph record ({@link NbodyModelInput#record}).
 *   <li>{@link #getBatchifier}: a {@link GraphBatchifier}: one forward pass for a whole {@code
 *       batchPredict}.
 *   <li>{@link #batchProcessOutput}: the node rows split by the particle counts of the batch
 *       (which the translator keeps in the context, as the output itself has no graph structure).
 * </ul>
 */
public final class NbodyTranslator implements Translator<ParticleSystem, ParticlePrediction> {

    private static final String COUNTS = "particleCounts";

    private final NbodyRunSettings settings;
    private final GraphBatchifier batchifier = new GraphBatchifier(false);

    /**
     * Creates the translator.
     *
     * @param settings the run's settings (graph rule and predicted quantity)
     */
    public NbodyTranslator(NbodyRunSettings settings) {
        this.settings = settings;
    }

    /** {@inheritDoc} */
    @Override
    public Batchifier getBatchifier() {
        return batchifier;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, ParticleSystem input) {
        ctx.setAttachment(COUNTS, new int[] {input.size()});
        return NbodyModelInput.record(ctx.getNDManager(), input, settings.task().graph());
    }

    /** {@inheritDoc} */
    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<ParticleSystem> inputs) {
        NDList[] records = new NDList[inputs.size()];
        int[] counts = new int[inputs.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = NbodyModelInput.record(ctx.getNDManager(), inputs.get(i), settings.task().graph());
            counts[i] = inputs.get(i).size();
        }
        ctx.setAttachment(COUNTS, counts);
        return batchifier.batchify(records);
    }

    /** {@inheritDoc} */
    @Override
    public ParticlePrediction processOutput(TranslatorContext ctx, NDList list) {
        return batchProcessOutput(ctx, list).get(0);
    }

    /** {@inheritDoc} */
    @Override
    public List<ParticlePrediction> batchProcessOutput(TranslatorContext ctx, NDList list) {
        int[] counts = (int[]) ctx.getAttachment(COUNTS);
        double[] v = list.singletonOrThrow().toType(DataType.FLOAT64, false).toDoubleArray();
        List<ParticlePrediction> out = new ArrayList<>(counts.length);
        int row = 0;
        for (int n : counts) {
            double[][] values = new double[n][3];
            for (int k = 0; k < n; k++, row++) {
                System.arraycopy(v, 3 * row, values[k], 0, 3);
            }
            out.add(new ParticlePrediction(settings.quantity(), values));
        }
        return out;
    }
}
