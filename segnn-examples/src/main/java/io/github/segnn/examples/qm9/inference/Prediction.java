// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import java.util.Locale;

/**
 * A predicted molecular property with its unit.
 *
 * @param property the target label, e.g. {@code homo} or {@code U0}
 * @param value the prediction in {@code unit}
 * @param unit the unit the model was trained in, e.g. {@code eV}
 */
public record Prediction(String property, double value, String unit) {

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s = %.6f %s", property, value, unit);
    }
}
