// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

/**
 * One output row of a screening: the molecule and its prediction, or the reason there is none.
 *
 * @param id the record's identifier
 * @param formula the Hill formula, empty when the record could not be read
 * @param atoms the atom count, 0 when the record could not be read
 * @param prediction the predicted property in {@code unit}, NaN on error
 * @param unit the unit of the prediction
 * @param error the reason there is no prediction, empty when there is one
 */
public record ScreenRow(String id, String formula, int atoms, double prediction, String unit, String error) {

    /** Column names, in order, of the CSV and Parquet outputs. */
    public static final String[] COLUMNS = {"id", "formula", "atoms", "prediction", "unit", "error"};

    /**
     * Returns whether the row holds a prediction.
     *
     * @return true when {@code error} is empty
     */
    public boolean ok() {
        return error.isEmpty();
    }
}
