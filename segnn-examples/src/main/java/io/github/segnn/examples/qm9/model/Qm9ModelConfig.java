// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.model;

import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.WeightBalancedIrreps;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Pooling;

/**
 * The settings of a QM9 SEGNN (SEGNN-SPEC 5.1): radius of the graph, degrees of the attributes
 * and the hidden features, depth, width, feature normalization and pooling. {@link #paper()} gives
 * the official defaults: radius 2 Å, {@code lmax_attr} 3, {@code lmax_h} 2, 7 layers, 128 hidden
 * features (36x0e+36x1o+36x2e), instance norm, average pooling.
 *
 * @param radius the cutoff of the radius graph in Å
 * @param lmaxAttr the largest degree of the spherical-harmonic attributes
 * @param lmaxH the largest degree of the hidden features
 * @param layers the number of message-passing layers
 * @param hiddenFeatures the scalar budget that {@link WeightBalancedIrreps} divides over degrees
 * @param norm the feature normalization of the layers
 * @param pooling the pooling of node features to the molecule
 */
public record Qm9ModelConfig(double radius, int lmaxAttr, int lmaxH, int layers, int hiddenFeatures,
        FeatureNorm norm, Pooling pooling) {

    /** Validates the settings; messages name the command-line options. */
    public Qm9ModelConfig {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("--radius must be positive and finite, got " + radius);
        }
        if (lmaxAttr < 0) {
            throw new IllegalArgumentException("--lmax-attr must be >= 0, got " + lmaxAttr);
        }
        if (lmaxH < 0) {
            throw new IllegalArgumentException("--lmax-h must be >= 0, got " + lmaxH);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("--layers must be >= 1, got " + layers);
        }
        if (hiddenFeatures < 1) {
            throw new IllegalArgumentException("--hidden-features must be >= 1, got " + hiddenFeatures);
        }
        if (norm == null || pooling == null) {
            throw new IllegalArgumentException("norm and pooling must not be null");
        }
    }

    /**
     * Returns the official QM9 settings.
     *
     * @return radius 2, lmax_attr 3, lmax_h 2, 7 layers, 128 features, instance norm, average pooling
     */
    public static Qm9ModelConfig paper() {
        return new Qm9ModelConfig(Qm9Graphs.DEFAULT_RADIUS, 3, 2, 7, 128, FeatureNorm.INSTANCE, Pooling.AVG);
    }

    /**
     * Returns the attribute irreps {@code 1x0e+1x1o+...} up to {@link #lmaxAttr()}.
     *
     * @return the irreps of node and edge attributes
     */
    public Irreps attributeIrreps() {
        return Irreps.sphericalHarmonics(lmaxAttr);
    }

    /**
     * Returns the hidden irreps, {@code WeightBalancedIrreps(hiddenFeatures x 0e, attr, sh=True,
     * lmax=lmaxH)}.
     *
     * @return for example {@code 36x0e+36x1o+36x2e} for the paper's settings
     * @throws IllegalArgumentException if the budget is too small for the degrees
     */
    public Irreps hiddenIrreps() {
        Irreps h = WeightBalancedIrreps.of(Irreps.parse(hiddenFeatures + "x0e"), attributeIrreps(), true, lmaxH);
        if (h.dim() == 0) {
            throw new IllegalArgumentException("--hidden-features " + hiddenFeatures + " gives no hidden irreps for"
                    + " --lmax-h " + lmaxH + " and --lmax-attr " + lmaxAttr);
        }
        return h;
    }
}
