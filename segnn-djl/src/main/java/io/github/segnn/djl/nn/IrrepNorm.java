// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.internal.Checks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * What the equivariant normalizations ({@link EquivariantBatchNorm}, {@link InstanceNorm}) share:
 * irreps in = irreps out, a size statistic per irrep copy, and optional affine parameters, a
 * {@code weight (irreps.numIrreps,)} per copy (init 1) and a {@code bias (number of 0e copies,)}
 * (init 0), added first in e3nn's {@code state_dict} order.
 *
 * <p>Output 0: {@code (N, irreps.dim)}, irreps {@code irreps}. Saved metadata: the irreps, eps, the
 * options of the subclass, the normalization and whether affine; loading into a block of another
 * configuration fails naming both.
 */
public abstract class IrrepNorm extends AbstractBlock implements EquivariantBlock {

    /** Irreps of the input and output. */
    protected final Irreps irreps;
    /** Added to the variance. */
    protected final double eps;
    /** The size statistic of an irrep copy. */
    protected final IrrepNormalization normalization;
    /** Whether the block has weight and bias. */
    protected final boolean affine;
    /** The block's description for messages, such as {@code InstanceNorm(8x0e+4x1o)}. */
    protected final String name;
    /** The weight per irrep copy, or null without affine parameters. */
    protected final Parameter weight;
    /** The bias per {@code 0e} copy, or null without affine parameters. */
    protected final Parameter bias;

    IrrepNorm(byte version, String kind, BaseBuilder<?> b) {
        super(version);
        irreps = b.irreps;
        eps = b.eps;
        normalization = b.normalization;
        affine = b.affine;
        name = kind + "(" + irreps + ")";
        if (affine) {
            weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER)
                    .optShape(new Shape(irreps.numIrreps())).optInitializer(Initializer.ONES).build());
            bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.OTHER)
                    .optShape(new Shape(numScalars(irreps))).optInitializer(Initializer.ZEROS).build());
        } else {
            weight = null;
            bias = null;
        }
    }

    /**
     * Returns the number of {@code 0e} copies: the length of {@code bias}.
     *
     * @param irreps the irreps
     * @return the count
     */
    static int numScalars(Irreps irreps) {
        int n = 0;
        for (MulIrrep b : irreps.blocks()) {
            if (b.irrep().isScalar()) {
                n += b.mul();
            }
        }
        return n;
    }

    /**
     * Returns the irreps (of the input and the output).
     *
     * @return the irreps
     */
    public Irreps getIrreps() {
        return irreps;
    }

    /**
     * Returns the epsilon added to the variance.
     *
     * @return eps
     */
    public double getEps() {
        return eps;
    }

    /**
     * Returns the size statistic of an irrep copy.
     *
     * @return the normalization
     */
    public IrrepNormalization getNormalization() {
        return normalization;
    }

    /**
     * Returns the weight parameter, or null without affine parameters.
     *
     * @return the weight, {@code (irreps.numIrreps,)}
     */
    public Parameter getWeight() {
        return weight;
    }

    /**
     * Returns the bias parameter, or null without affine parameters.
     *
     * @return the bias, {@code (number of 0e copies,)}
     */
    public Parameter getBias() {
        return bias;
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return List.of(FeatureSlot.nodeIrreps(irreps));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        // parameter shapes are fixed by the irreps at construction
    }

    /** The subclass's own options, written between eps and the normalization (none by default). */
    void saveOptions(DataOutputStream os) throws IOException {}

    /** Reads what {@link #saveOptions} wrote and describes it as {@link #options()} does. */
    String loadOptions(DataInputStream is) throws IOException {
        return "";
    }

    /** The subclass's own options for messages, such as {@code ", momentum 0.1"} (none by default). */
    String options() {
        return "";
    }

    private String config(String irrepsText, double epsValue, String optionsText, String norm, boolean affineValue) {
        return name.substring(0, name.indexOf('(')) + "(irreps " + irrepsText + ", eps " + epsValue + optionsText
                + ", normalization " + norm + ", affine " + affineValue + ")";
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        os.writeUTF(irreps.toString());
        os.writeDouble(eps);
        saveOptions(os);
        os.writeUTF(normalization.name());
        os.writeBoolean(affine);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != version) {
            throw new MalformedModelException(name + ": unsupported encoding version " + loadVersion + " (this code reads "
                    + version + ")");
        }
        String saved = config(is.readUTF(), is.readDouble(), loadOptions(is), is.readUTF(), is.readBoolean());
        String mine = config(irreps.toString(), eps, options(), normalization.name(), affine);
        if (!saved.equals(mine)) {
            throw new MalformedModelException("the parameters were saved from " + saved + " and cannot be loaded into "
                    + mine);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return config(irreps.toString(), eps, options(), normalization.name(), affine);
    }

    /**
     * What every normalization's builder sets.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
        Irreps irreps;
        double eps = 1e-5;
        IrrepNormalization normalization = IrrepNormalization.COMPONENT;
        boolean affine = true;

        BaseBuilder() {}

        abstract T self();

        /**
         * Sets the irreps of the input and output (required; no block of multiplicity 0).
         *
         * @param irreps the irreps
         * @return this Builder
         */
        public T setIrreps(Irreps irreps) {
            this.irreps = irreps;
            return self();
        }

        /**
         * Sets the epsilon added to the variance; default {@code 1e-5}.
         *
         * @param eps a positive number
         * @return this Builder
         */
        public T optEps(double eps) {
            this.eps = eps;
            return self();
        }

        /**
         * Sets the size statistic of an irrep copy; default {@link IrrepNormalization#COMPONENT}
         * (what SEGNN uses).
         *
         * @param normalization the statistic
         * @return this Builder
         */
        public T optNormalization(IrrepNormalization normalization) {
            this.normalization = normalization;
            return self();
        }

        /**
         * Sets whether the block has the {@code weight} and {@code bias} parameters; default true.
         *
         * @param affine whether to scale and shift
         * @return this Builder
         */
        public T optAffine(boolean affine) {
            this.affine = affine;
            return self();
        }

        /** Checks the common options, naming the block kind. */
        void validate(String kind) {
            if (irreps == null || irreps.size() == 0) {
                throw new IllegalArgumentException(kind + " needs setIrreps with at least one block, got " + irreps);
            }
            Checks.noZeroMultiplicity(kind, irreps);
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException(kind + "(" + irreps + "): eps must be positive, got " + eps);
            }
            if (normalization == null) {
                throw new IllegalArgumentException(kind + "(" + irreps + "): normalization must not be null");
            }
        }
    }
}
