// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.internal.BatchScope;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.internal.Scalars;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Equivariant batch normalization with the semantics of e3nn's {@code e3nn.nn.BatchNorm} (0.4.1 to
 * 0.5.x, with {@code instance=False, affine=True, reduce='mean'}): statistics over all rows of the
 * batch, one per irrep copy, and running statistics for inference.
 *
 * <ul>
 *   <li>Input 0 {@code x}: {@code (N, irreps.dim)}, irreps {@code irreps} (rows may be nodes or
 *       edges).
 *   <li>Parameters, in e3nn's {@code state_dict} order: {@code weight (irreps.numIrreps,)} init 1;
 *       {@code bias (number of 0e copies,)} init 0; {@code runningMean (number of 0e copies,)} init
 *       0 and {@code runningVar (irreps.numIrreps,)} init 1, both without gradient (e3nn's buffers
 *       {@code running_mean}, {@code running_var}).
 *   <li>Output: {@code (N, irreps.dim)}, irreps {@code irreps}.
 * </ul>
 *
 * <p>Training ({@code training = true}), for a copy {@code u} of degree {@code l}:
 *
 * <ol>
 *   <li>{@code 0e} copies only (e3nn's {@code is_scalar()}: {@code 0o} is not a scalar here): the
 *       batch mean \( \mu_u = \frac{1}{N} \sum_v x_{v,u} \) is subtracted;
 *   <li>\( \sigma^2_u = \frac{1}{N} \sum_v \frac{1}{2l+1} |x_{v,u}|^2 \) of the (centred) values: the
 *       biased statistic, divided by {@code N}, not {@code N - 1}; for {@code l > 0} there is no
 *       centring, so it is the mean square;
 *   <li>\( y_{v,u} = w_u \, x_{v,u} / \sqrt{\sigma^2_u + \epsilon} \), plus {@code b_u} on {@code 0e};
 *   <li>the running statistics move towards the batch statistics:
 *       {@code running = (1 - momentum) * running + momentum * batch}, with the same biased
 *       {@code sigma^2} (e3nn's {@code _roll_avg}; note that DJL's own {@code BatchNorm} counts its
 *       momentum the other way round). They are updated in place and carry no gradient.
 * </ol>
 *
 * <p>Inference ({@code training = false}) uses {@code runningMean} for the {@code 0e} mean and
 * {@code runningVar} for {@code sigma^2}, so every row is normalized on its own.
 *
 * <p>Defaults as e3nn: {@code eps = 1e-5}, {@code momentum = 0.1}, COMPONENT normalization. Not
 * offered: {@code instance=True} (see {@link InstanceNorm}, which normalizes per graph) and
 * {@code reduce='max'}. Irreps with a block of multiplicity 0 are refused at build time (e3nn fails
 * on them at the first forward pass). With several training devices each device updates its own
 * copy of the running statistics, as DJL's {@code BatchNorm} does. Build with {@link #builder()}; the
 * functional form is {@link #batchNorm}.
 */
public class EquivariantBatchNorm extends IrrepNorm {

    private static final byte VERSION = 1;

    private final double momentum;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * Creates the block from its builder.
     *
     * @param builder the builder
     */
    protected EquivariantBatchNorm(Builder builder) {
        super(VERSION, "EquivariantBatchNorm", builder);
        momentum = builder.momentum;
        int scalars = numScalars(irreps);
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(scalars)).optInitializer(Initializer.ZEROS).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(new Shape(irreps.numIrreps())).optInitializer(Initializer.ONES).optRequiresGrad(false)
                .build());
        inputNames = List.of("x");
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the momentum of the running statistics (e3nn convention: the weight of the new batch).
     *
     * @return momentum
     */
    public double getMomentum() {
        return momentum;
    }

    /**
     * Returns the running mean of the {@code 0e} copies.
     *
     * @return the running mean, {@code (number of 0e copies,)}
     */
    public Parameter getRunningMean() {
        return runningMean;
    }

    /**
     * Returns the running variance of every irrep copy.
     *
     * @return the running variance, {@code (irreps.numIrreps,)}
     */
    public Parameter getRunningVar() {
        return runningVar;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(name + " expects 1 input [x (N, " + irreps.dim() + ")], got "
                    + inputs.size());
        }
        return new NDList(apply(ps, inputs.get(0), training));
    }

    /**
     * Applies the block to an array (what composite blocks call); updates the running statistics
     * when training.
     *
     * @param ps the parameter store
     * @param x {@code (N, irreps.dim)}
     * @param training whether training (batch statistics) or not (running statistics)
     * @return {@code (N, irreps.dim)}
     */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        Checks.features(name, "x", x, irreps);
        if (training && x.getShape().get(0) == 0) {
            throw new IllegalArgumentException(name + ": training needs at least one row to compute batch statistics");
        }
        NDArray w = weight == null ? null : BatchScope.alias(ps.getValue(weight, x.getDevice(), training), x.getManager());
        NDArray b = bias == null ? null : BatchScope.alias(ps.getValue(bias, x.getDevice(), training), x.getManager());
        // views: reads and in-place updates reach the running statistics, temporaries stay in the batch
        NDArray rm = BatchScope.alias(ps.getValue(runningMean, x.getDevice(), training), x.getManager());
        NDArray rv = BatchScope.alias(ps.getValue(runningVar, x.getDevice(), training), x.getManager());
        return batchNorm(x, irreps, rm, rv, w, b, normalization, eps, momentum, training);
    }

    /**
     * The functional form of the block. When {@code training}, {@code runningMean} and
     * {@code runningVar} are updated in place.
     *
     * @param x {@code (N, irreps.dim)}
     * @param irreps the irreps of {@code x}
     * @param runningMean {@code (number of 0e copies,)}
     * @param runningVar {@code (irreps.numIrreps,)}
     * @param weight {@code (irreps.numIrreps,)} or null
     * @param bias {@code (number of 0e copies,)} or null
     * @param normalization the size statistic of a copy
     * @param eps added to the variance
     * @param momentum the weight of the batch statistics in the running statistics
     * @param training whether to use (and record) batch statistics
     * @return {@code (N, irreps.dim)}
     */
    public static NDArray batchNorm(NDArray x, Irreps irreps, NDArray runningMean, NDArray runningVar, NDArray weight,
            NDArray bias, IrrepNormalization normalization, double eps, double momentum, boolean training) {
        NDArray[] fields = IrrepFields.split(x, irreps);
        List<NDArray> batchMeans = new ArrayList<>();
        NDArray[] vars = new NDArray[fields.length];
        NDList runningMeans = training ? null : IrrepFields.copies(runningMean, irreps, true);
        NDList runningVars = training ? null : IrrepFields.copies(runningVar, irreps, false);
        int scalar = 0;
        for (int c = 0; c < fields.length; c++) {
            MulIrrep block = irreps.get(c);
            if (block.irrep().isScalar()) {
                NDArray mean;
                if (training) {
                    mean = fields[c].mean(new int[] {0});
                    batchMeans.add(mean);
                } else {
                    mean = runningMeans.get(scalar);
                }
                fields[c] = fields[c].sub(mean);
                scalar++;
            }
            vars[c] = training ? IrrepFields.copyStatistic(fields[c], block, normalization).mean(new int[] {0})
                    : runningVars.get(c);
        }
        NDArray var = IrrepFields.concat(vars);
        NDArray scale = var.add(eps).sqrt();
        scale = Scalars.constant(scale, 1).div(scale);
        if (weight != null) {
            scale = scale.mul(weight);
        }
        NDArray out = IrrepFields.scaleAndShift(fields, irreps, scale, bias);
        if (training) {
            if (!batchMeans.isEmpty()) {
                NDArray mean = IrrepFields.concat(batchMeans.toArray(new NDArray[0])).stopGradient();
                runningMean.muli(1 - momentum).addi(mean.mul(momentum));
            }
            runningVar.muli(1 - momentum).addi(var.stopGradient().mul(momentum));
        }
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return List.of(FeatureSlot.nodeIrreps(irreps));
    }

    @Override
    void saveOptions(DataOutputStream os) throws IOException {
        os.writeDouble(momentum);
    }

    @Override
    String loadOptions(DataInputStream is) throws IOException {
        return ", momentum " + is.readDouble();
    }

    @Override
    String options() {
        return ", momentum " + momentum;
    }

    /** Builder of {@link EquivariantBatchNorm}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private double momentum = 0.1;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the momentum of the running statistics; default 0.1 (e3nn's convention:
         * {@code running = (1 - momentum) running + momentum batch}).
         *
         * @param momentum a number in {@code [0, 1]}
         * @return this Builder
         */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if the irreps are missing, empty or have a block of
         *     multiplicity 0, eps is not positive or momentum is outside {@code [0, 1]}
         */
        public EquivariantBatchNorm build() {
            validate("EquivariantBatchNorm");
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("EquivariantBatchNorm(" + irreps + "): momentum must be in [0, 1], got "
                        + momentum);
            }
            return new EquivariantBatchNorm(this);
        }
    }
}
