// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.model;

import java.util.Locale;

/** The N-body models of the paper, with their sizes (SEGNN-SPEC 5.1, ADDENDUM 1). */
public enum NbodyArchitecture {
    /** SEGNN_G+P: node attributes include the velocity's harmonics; 64 features -> 32x0e+32x1o. */
    SEGNN_GP("segnn-gp", 64, true),
    /** SEGNN_G: geometric attributes only. */
    SEGNN_G("segnn-g", 64, false),
    /** SE linear convolution, 80 features -> 40x0e+40x1o, instance norm. */
    SE_LINEAR("se-linear", 80, true),
    /** SE non-linear convolution, 64 features -> 32x0e+32x1o, instance norm. */
    SE_NONLINEAR("se-nonlinear", 64, true),
    /** EGNN (Satorras et al. 2021), hidden 64, 4 layers. */
    EGNN("egnn", 64, false);

    private final String flag;
    private final int hiddenFeatures;
    private final boolean velocityAttribute;

    NbodyArchitecture(String flag, int hiddenFeatures, boolean velocityAttribute) {
        this.flag = flag;
        this.hiddenFeatures = hiddenFeatures;
        this.velocityAttribute = velocityAttribute;
    }

    /**
     * Returns the command-line name.
     *
     * @return for example {@code segnn-gp}
     */
    public String flag() {
        return flag;
    }

    /**
     * Returns the scalar feature budget that WeightBalancedIrreps turns into hidden irreps.
     *
     * @return the feature count
     */
    public int hiddenFeatures() {
        return hiddenFeatures;
    }

    /**
     * Returns whether node attributes include {@code Y(v)}.
     *
     * @return true for the +P variants
     */
    public boolean velocityAttribute() {
        return velocityAttribute;
    }

    /**
     * Parses a command-line name.
     *
     * @param text the name, case-insensitive
     * @return the architecture
     * @throws IllegalArgumentException listing the valid names
     */
    public static NbodyArchitecture parse(String text) {
        for (NbodyArchitecture a : values()) {
            if (a.flag.equalsIgnoreCase(text) || a.name().equalsIgnoreCase(text)) {
                return a;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (NbodyArchitecture a : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(a.flag);
        }
        throw new IllegalArgumentException("unknown model '" + text + "'; valid: " + valid.toString().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return flag;
    }
}
