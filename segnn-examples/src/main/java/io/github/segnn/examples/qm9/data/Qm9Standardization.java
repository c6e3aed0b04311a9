// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

/**
 * The affine standardization of a target, {@code z = (y - mean) / mad}, with the mean and the mean
 * absolute deviation {@code mad = mean(|y - mean|)} of the training values (SEGNN's {@code
 * QM9.calc_stats}: {@code np.mean(ys)}, then {@code np.mean(np.abs(ys - mean))}; not the median
 * absolute deviation and not the standard deviation). Computed in double precision.
 *
 * @param mean the mean of the training values, in the target's unit
 * @param mad the mean absolute deviation from it, positive
 */
public record Qm9Standardization(double mean, double mad) {

    /** Validates the values. */
    public Qm9Standardization {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, got " + mean);
        }
        if (!(mad > 0) || Double.isInfinite(mad)) {
            throw new IllegalArgumentException("mean absolute deviation must be positive and finite, got " + mad
                    + " (are all training targets equal?)");
        }
    }

    /**
     * Computes the statistics of training values.
     *
     * @param values at least two distinct values
     * @return the standardization
     * @throws IllegalArgumentException if there are no values or all are equal
     */
    public static Qm9Standardization of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no training values to standardize");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double dev = 0;
        for (double v : values) {
            dev += Math.abs(v - mean);
        }
        return new Qm9Standardization(mean, dev / values.length);
    }

    /**
     * Standardizes a value.
     *
     * @param y the value in the target's unit
     * @return {@code (y - mean) / mad}
     */
    public double standardize(double y) {
        return (y - mean) / mad;
    }

    /**
     * Undoes the standardization.
     *
     * @param z a standardized value (a model output)
     * @return {@code z * mad + mean}, in the target's unit
     */
    public double destandardize(double z) {
        return z * mad + mean;
    }
}
