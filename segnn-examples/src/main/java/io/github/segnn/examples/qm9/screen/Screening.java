// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.github.segnn.examples.qm9.inference.Molecule;
import io.github.segnn.examples.qm9.inference.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicts batches of screening records with one DJL {@link Predictor}: the readable molecules of
 * a batch go through one {@code batchPredict} (one forward pass over all their graphs); records
 * that could not be read become error rows. If a batch fails as a whole, its molecules are
 * predicted one by one so that only the molecule at fault gets an error row. Not thread-safe (one
 * instance per thread or Spark partition).
 */
public final class Screening implements AutoCloseable {

    private final Predictor<Molecule, Prediction> predictor;
    private final String unit;

    /**
     * Opens a predictor on a loaded model.
     *
     * @param model the model, e.g. from {@link io.github.segnn.examples.qm9.inference.Qm9Inference}
     * @param unit the unit written on error rows (the run's unit)
     */
    public Screening(ZooModel<Molecule, Prediction> model, String unit) {
        this.predictor = model.newPredictor();
        this.unit = unit;
    }

    /**
     * Predicts a batch.
     *
     * @param records the records, in output order
     * @return one row per record, in the same order
     */
    public List<ScreenRow> predict(List<ScreenRecord> records) {
        List<Molecule> molecules = new ArrayList<>(records.size());
        for (ScreenRecord r : records) {
            if (r.molecule() != null) {
                molecules.add(r.molecule());
            }
        }
        List<Prediction> predictions;
        try {
            predictions = molecules.isEmpty() ? List.of() : predictor.batchPredict(molecules);
        } catch (TranslateException | RuntimeException e) {
            predictions = null;
        }
        List<ScreenRow> rows = new ArrayList<>(records.size());
        int k = 0;
        for (ScreenRecord r : records) {
            Molecule m = r.molecule();
            if (m == null) {
                rows.add(new ScreenRow(r.id(), "", 0, Double.NaN, unit, r.error()));
                continue;
            }
            if (predictions != null) {
                Prediction p = predictions.get(k++);
                rows.add(new ScreenRow(r.id(), m.formula(), m.atomCount(), p.value(), p.unit(), ""));
                continue;
            }
            try {
                Prediction p = predictor.predict(m);
                rows.add(new ScreenRow(r.id(), m.formula(), m.atomCount(), p.value(), p.unit(), ""));
            } catch (TranslateException | RuntimeException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                rows.add(new ScreenRow(r.id(), m.formula(), m.atomCount(), Double.NaN, unit,
                        "prediction failed: " + MoleculeTexts.oneLine(c.getMessage())));
            }
        }
        return rows;
    }

    /** Closes the predictor (not the model). */
    @Override
    public void close() {
        predictor.close();
    }
}
