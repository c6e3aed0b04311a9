// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.internal.BatchScope;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.internal.Rows;
import io.github.segnn.djl.internal.Scalars;
import io.github.segnn.djl.ops.Scatter;
import java.util.List;

/**
 * SEGNN's equivariant instance normalization: every graph of a batch is normalized on its own, one
 * irrep copy at a time (SEGNN-SPEC 5, {@code models/segnn/instance_norm.py} of the official
 * repository).
 *
 * <ul>
 *   <li>Input 0 {@code x}: {@code (N, irreps.dim)}, irreps {@code irreps}.
 *   <li>Input 1 {@code graphIndex}: {@code (N,)} int64, the graph of each node, in {@code [0, G)}
 *       (any order).
 *   <li>Input 2 {@code nodeCounts}: {@code (G,)} int64; only its shape is read (it gives {@code G}
 *       without a device synchronization).
 *   <li>Parameters (with {@code optAffine(true)}, the default): {@code weight (irreps.numIrreps,)}, one
 *       per irrep copy in irreps order, initialized to 1; {@code bias (number of 0e copies,)},
 *       initialized to 0.
 *   <li>Output: {@code (N, irreps.dim)}, irreps {@code irreps}.
 * </ul>
 *
 * <p>For a graph {@code g} with nodes {@code V_g} and a copy {@code x_u} of an irrep of degree
 * {@code l} (COMPONENT normalization):
 *
 * <ol>
 *   <li>on {@code 0e} copies only, subtract the graph mean {@code mean_{v in V_g} x_{v,u}};
 *   <li>\( \sigma^2_{g,u} = \frac{1}{|V_g|} \sum_{v \in V_g} \frac{1}{2l+1} |x_{v,u}|^2 \);
 *   <li>\( y_{v,u} = w_u \, x_{v,u} / \sqrt{\sigma^2_{g,u} + \epsilon} \), {@code eps = 1e-5} by default;
 *   <li>add {@code b_u} on {@code 0e} copies.
 * </ol>
 *
 * <p>Differences from the official code, on purpose:
 *
 * <ul>
 *   <li><b>0o pseudo-scalars.</b> The official code treats every {@code l = 0} block as a scalar:
 *       it subtracts the graph mean from {@code 0o} copies too, adds a bias to them, and sizes
 *       {@code bias} by the number of {@code l = 0} copies. A {@code 0o} copy changes sign under a
 *       reflection, so a constant bias on it breaks parity equivariance (subtracting its mean would
 *       not). This block follows e3nn's {@code BatchNorm} and {@code Irrep.is_scalar()}: only
 *       {@code 0e} copies are centred and shifted, {@code 0o} copies are only rescaled (like any
 *       {@code l > 0} copy), and {@code bias} has one entry per {@code 0e} copy. For irreps without
 *       {@code 0o} (every SEGNN model) parameters and outputs are identical to the official code; to
 *       import official weights of irreps with {@code 0o}, drop the bias entries of the {@code 0o}
 *       blocks.
 *   <li><b>Zero multiplicities.</b> The official code crashes on a block of multiplicity 0
 *       (issue #9, for example {@code BalancedIrreps(3, 20)}); the builder refuses such irreps
 *       with a message that suggests {@link Irreps#simplify()}.
 * </ul>
 *
 * <p>Graphs with no node give no output rows and no error. Build with {@link #builder()}; the
 * functional form is {@link #instanceNorm}.
 */
public class InstanceNorm extends IrrepNorm {

    private static final byte VERSION = 1;

    /**
     * Creates the block from its builder.
     *
     * @param builder the builder
     */
    protected InstanceNorm(Builder builder) {
        super(VERSION, "InstanceNorm", builder);
        inputNames = List.of("x", "graphIndex", "nodeCounts");
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException(name + " expects 3 inputs [x (N, " + irreps.dim()
                    + "), graphIndex (N,), nodeCounts (G,)], got " + inputs.size());
        }
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), training));
    }

    /**
     * Applies the block to arrays (what composite blocks call).
     *
     * @param ps the parameter store
     * @param x {@code (N, irreps.dim)}
     * @param graphIndex {@code (N,)} int64
     * @param nodeCounts {@code (G,)}
     * @param training whether training
     * @return {@code (N, irreps.dim)}
     */
    NDArray apply(ParameterStore ps, NDArray x, NDArray graphIndex, NDArray nodeCounts, boolean training) {
        Checks.features(name, "x", x, irreps);
        Checks.rank(name, "graphIndex", graphIndex, 1, "(N,)");
        Checks.integer(name, "graphIndex", graphIndex);
        Checks.rows(name, "graphIndex", graphIndex, x.getShape().get(0), "x has N = " + x.getShape().get(0) + " rows");
        Checks.rank(name, "nodeCounts", nodeCounts, 1, "(G,)");
        NDArray w = weight == null ? null : BatchScope.alias(ps.getValue(weight, x.getDevice(), training), x.getManager());
        NDArray b = bias == null ? null : BatchScope.alias(ps.getValue(bias, x.getDevice(), training), x.getManager());
        long graphs = nodeCounts.getShape().get(0);
        try {
            return instanceNorm(x, graphIndex, graphs, irreps, w, b, normalization, eps);
        } catch (EngineException e) {
            throw new IllegalArgumentException(name + ": the engine failed (are all graphIndex values in [0, G = "
                    + graphs + ")?): " + e.getMessage(), e);
        }
    }

    /**
     * The functional form of the block.
     *
     * @param x {@code (N, irreps.dim)}
     * @param graphIndex {@code (N,)}, values in {@code [0, graphs)}
     * @param graphs the number of graphs {@code G}
     * @param irreps the irreps of {@code x}
     * @param weight {@code (irreps.numIrreps,)} or null (no scaling weight)
     * @param bias {@code (number of 0e copies,)} or null (no bias)
     * @param normalization the size statistic of a copy
     * @param eps added to the variance
     * @return {@code (N, irreps.dim)}
     */
    public static NDArray instanceNorm(NDArray x, NDArray graphIndex, long graphs, Irreps irreps, NDArray weight,
            NDArray bias, IrrepNormalization normalization, double eps) {
        Scatter byGraph = Scatter.of(graphIndex, graphs, x.getDataType());
        NDArray index = graphIndex.toType(DataType.INT64, false);
        NDArray[] fields = IrrepFields.split(x, irreps);
        NDArray[] stats = new NDArray[fields.length];
        for (int c = 0; c < fields.length; c++) {
            MulIrrep block = irreps.get(c);
            if (block.irrep().isScalar()) {
                fields[c] = fields[c].sub(Rows.gather(byGraph.mean(fields[c]), index));
            }
            stats[c] = IrrepFields.copyStatistic(fields[c], block, normalization);
        }
        NDArray scale = byGraph.mean(IrrepFields.concat(stats)).add(eps).sqrt();
        scale = Scalars.constant(scale, 1).div(scale);
        if (weight != null) {
            scale = scale.mul(weight.reshape(1, irreps.numIrreps()));
        }
        return IrrepFields.scaleAndShift(fields, irreps, Rows.gather(scale, index), bias);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return List.of(FeatureSlot.nodeIrreps(irreps), FeatureSlot.nodeLabels(), FeatureSlot.invariant());
    }

    /** Builder of {@link InstanceNorm}. */
    public static final class Builder extends BaseBuilder<Builder> {

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if the irreps are missing, empty or have a block of
         *     multiplicity 0, or eps is not positive
         */
        public InstanceNorm build() {
            validate("InstanceNorm");
            return new InstanceNorm(this);
        }
    }
}
