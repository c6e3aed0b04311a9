// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.EquivariantBlock;
import io.github.segnn.djl.check.FeatureSlot;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.internal.Checks;
import io.github.segnn.djl.internal.Rows;
import io.github.segnn.djl.internal.Scalars;
import io.github.segnn.djl.nn.SwishGate;
import io.github.segnn.djl.ops.Scatter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * One E(n)-equivariant graph convolution with velocities (Satorras, Hoogeboom and Welling 2021,
 * "E(n) Equivariant Graph Neural Networks", eq. 7; the N-body layer {@code E_GCL_vel} of the
 * official {@code vgsatorras/egnn}, {@code models/gcl.py}).
 *
 * <p>Input: a {@link GraphBatch} NDList with {@code nodeFeatures (N, H)} the invariant node
 * features {@code h}, irreps {@code Hx0e}; {@code positions (N, 3)} {@code x}; {@code nodeAttr
 * (N, 3)} the velocities {@code v}, irreps {@code 1x1o}; {@code edgeIndex (2, E)}, row 0 = source
 * {@code j}, row 1 = target {@code i}; {@code edgeAttr (E, k)} invariant edge features
 * {@code a_ij}, irreps {@code kx0e} ({@code k} may be 0); {@code edgeScalars (E, 0)}. Output: the
 * same batch with {@code nodeFeatures} {@code h' (N, H)} and {@code positions} {@code x' (N, 3)},
 * so that layers chain (in a {@code SequentialBlock}, say).
 *
 * <p>For an edge {@code j -> i}:
 *
 * <ol>
 *   <li>\( m_{ij} = \phi_e(h_i, h_j, |x_i - x_j|^2, a_{ij}) \): {@code edgeMlp}, Linear(2H+1+k, H),
 *       SiLU, Linear(H, H), SiLU, on the concatenation in that order (the squared distance, not the
 *       distance);
 *   <li>\( x_i' = x_i + C \sum_j \mathrm{clamp}((x_i - x_j) \phi_x(m_{ij}), \pm 100) + \phi_v(h_i) v_i
 *       \), where {@code C = coordsWeight / deg(i)} (the official {@code unsorted_segment_mean},
 *       {@code 1/(N-1)} on a fully connected graph; nodes without incoming edges get 0);
 *       {@code coordMlp} \( \phi_x \) = Linear(H, H), SiLU, Linear(H, 1, no bias) and
 *       {@code velocityMlp} \( \phi_v \) = Linear(H, H), SiLU, Linear(H, 1), applied to the input
 *       {@code h};
 *   <li>\( h_i' = h_i + \phi_h(h_i, \sum_j m_{ij}) \): {@code nodeMlp}, Linear(2H, H), SiLU,
 *       Linear(H, H) (without the residual when {@code optRecurrent(false)}).
 * </ol>
 *
 * <p>The component-wise clamp of the coordinate messages is the official one; it never acts on
 * sensible data, but where it does it is not rotation-equivariant. {@code optCoordinateClamp}
 * changes or (with infinity) removes it. Not included: the official options {@code attention},
 * {@code norm_diff} and {@code tanh}, all off in its N-body setup.
 *
 * <p><b>Initialization</b> as PyTorch's: every Linear weight and bias uniform in
 * {@code +-1/sqrt(fanIn)}, the last layer of {@code coordMlp} Xavier-uniform with gain 0.001
 * ({@code +-0.001 sqrt(6/(H+1))}).
 *
 * <p><b>Children and parameters</b> in the official order: {@code edgeMlp}, {@code nodeMlp},
 * {@code coordMlp}, {@code velocityMlp}, each a {@link SequentialBlock} of DJL {@link Linear}
 * blocks (weights {@code (out, in)}, as in PyTorch) and SiLU blocks, matching
 * {@code edge_mlp.{0,2}}, {@code node_mlp.{0,2}}, {@code coord_mlp.{0,2}},
 * {@code coord_mlp_vel.{0,2}}. Build with {@link #builder()}.
 */
public class EgnnLayer extends AbstractBlock implements EquivariantBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final int edgeFeatures;
    private final double coordsWeight;
    private final boolean recurrent;
    private final double coordinateClamp;
    private final String name;
    private final SequentialBlock edgeMlp;
    private final SequentialBlock nodeMlp;
    private final SequentialBlock coordMlp;
    private final SequentialBlock velocityMlp;

    /**
     * Creates the layer from its builder.
     *
     * @param builder the builder
     */
    protected EgnnLayer(Builder builder) {
        super(VERSION);
        hidden = builder.hidden;
        edgeFeatures = builder.edgeFeatures;
        coordsWeight = builder.coordsWeight;
        recurrent = builder.recurrent;
        coordinateClamp = builder.coordinateClamp;
        name = "EgnnLayer(hidden " + hidden + ", edge features " + edgeFeatures + ")";
        int h = hidden;
        edgeMlp = addChildBlock("edgeMlp", new SequentialBlock().add(linear(h, 2 * h + 1 + edgeFeatures, true))
                .add(silu()).add(linear(h, h, true)).add(silu()));
        nodeMlp = addChildBlock("nodeMlp", new SequentialBlock().add(linear(h, 2 * h, true))
                .add(silu()).add(linear(h, h, true)));
        Linear last = Linear.builder().setUnits(1).optBias(false).build();
        last.setInitializer(new UniformInitializer((float) (0.001 * Math.sqrt(6.0 / (h + 1)))),
                Parameter.Type.WEIGHT);
        coordMlp = addChildBlock("coordMlp", new SequentialBlock().add(linear(h, h, true))
                .add(silu()).add(last));
        velocityMlp = addChildBlock("velocityMlp", new SequentialBlock().add(linear(h, h, true))
                .add(silu()).add(linear(1, h, true)));
        inputNames = GraphBatch.NAMES;
    }

    /**
     * Returns a DJL Linear layer initialized as PyTorch's {@code nn.Linear}: weight and bias
     * uniform in {@code +-1/sqrt(fanIn)}.
     *
     * @param units output features
     * @param fanIn input features
     * @param bias whether it has a bias
     * @return the layer
     */
    static Linear linear(int units, int fanIn, boolean bias) {
        Linear l = Linear.builder().setUnits(units).optBias(bias).build();
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(Math.max(1, fanIn))));
        l.setInitializer(init, Parameter.Type.WEIGHT);
        if (bias) {
            l.setInitializer(init, Parameter.Type.BIAS);
        }
        return l;
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
     * Returns the number of hidden (and node) features {@code H}.
     *
     * @return H
     */
    public int getHiddenFeatures() {
        return hidden;
    }

    /**
     * Returns the number of invariant edge features {@code k}.
     *
     * @return k
     */
    public int getEdgeFeatures() {
        return edgeFeatures;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        GraphBatch g = checkInputs(name, inputs, hidden, edgeFeatures);
        NDArray[] out = apply(ps, g.nodeFeatures(), g.positions(), g.nodeAttr(), g.edgeIndex(), g.edgeAttr(), training);
        return g.toBuilder().setNodeFeatures(out[0]).setPositions(out[1]).build().toNDList();
    }

    /**
     * Applies the layer to arrays whose shapes are checked (what {@link Egnn} chains).
     *
     * @param ps the parameter store
     * @param h {@code (N, H)}
     * @param x {@code (N, 3)}
     * @param v {@code (N, 3)}
     * @param edgeIndex {@code (2, E)} int64
     * @param edgeAttr {@code (E, k)}
     * @param training whether training
     * @return {@code {h' (N, H), x' (N, 3)}}
     */
    NDArray[] apply(ParameterStore ps, NDArray h, NDArray x, NDArray v, NDArray edgeIndex, NDArray edgeAttr,
            boolean training) {
        long n = x.getShape().get(0);
        NDArray src = edgeIndex.get(0);
        NDArray dst = edgeIndex.get(1);
        NDArray diff = Rows.gather(x, dst).sub(Rows.gather(x, src));
        NDArray radial = diff.square().sum(new int[] {1}, true);
        NDList edgeIn = new NDList(Rows.gather(h, dst), Rows.gather(h, src), radial);
        if (edgeFeatures > 0) {
            edgeIn.add(edgeAttr);
        }
        NDArray m = edgeMlp.forward(ps, new NDList(NDArrays.concat(edgeIn, 1)), training).singletonOrThrow();
        NDArray trans = diff.mul(coordMlp.forward(ps, new NDList(m), training).singletonOrThrow());
        if (!Double.isInfinite(coordinateClamp)) {
            trans = trans.clip(-coordinateClamp, coordinateClamp);
        }
        Scatter toTarget = Scatter.of(dst, n, x.getDataType());
        NDArray xOut = x.add(Scalars.mul(toTarget.mean(trans), coordsWeight));
        xOut = xOut.add(velocityMlp.forward(ps, new NDList(h), training).singletonOrThrow().mul(v));
        NDArray agg = toTarget.sum(m);
        NDArray hOut = nodeMlp.forward(ps, new NDList(h.concat(agg, 1)), training).singletonOrThrow();
        if (recurrent) {
            hOut = h.add(hOut);
        }
        return new NDArray[] {hOut, xOut};
    }

    /**
     * SiLU as a block, {@code x * sigmoid(x)}. Not DJL's {@code Activation.swishBlock(1f)}: it
     * multiplies by the number {@code beta}, a scalar over a Java buffer that autograd keeps for the
     * backward pass and the garbage collector frees, so gradients were read from freed memory (NaN
     * losses at random within the first epochs; see {@link io.github.segnn.djl.internal.Scalars}).
     */
    private static Block silu() {
        return new LambdaBlock(list -> new NDList(SwishGate.silu(list.singletonOrThrow())), "SiLU");
    }

    /**
     * Reads the {@link GraphBatch} input of an EGNN Block and checks, from shapes only, the widths
     * it needs: {@code nodeFeatures (N, width)}, {@code nodeAttr (N, 3)} velocities,
     * {@code edgeAttr (E, edgeFeatures)}, one floating-point type.
     *
     * @param block the block's description
     * @param inputs the GraphBatch NDList
     * @param width the expected width of the node features
     * @param edgeFeatures the expected width of {@code edgeAttr}
     * @return the batch
     */
    static GraphBatch checkInputs(String block, NDList inputs, long width, long edgeFeatures) {
        GraphBatch g;
        try {
            g = GraphBatch.view(inputs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(block + ": " + e.getMessage(), e);
        }
        NDArray h = g.nodeFeatures();
        NDArray x = g.positions();
        NDArray v = g.nodeAttr();
        NDArray edgeAttr = g.edgeAttr();
        Checks.matrix(block, "nodeFeatures", h, width, "(N, " + width + ")");
        Checks.matrix(block, "nodeAttr", v, 3, "(N, 3) velocities");
        Checks.matrix(block, "edgeAttr", edgeAttr, edgeFeatures, "(E, " + edgeFeatures + ")");
        if (x.getDataType() != h.getDataType() || v.getDataType() != h.getDataType()
                || edgeFeatures > 0 && edgeAttr.getDataType() != h.getDataType()) {
            throw new IllegalArgumentException(block + ": positions, nodeFeatures, nodeAttr and edgeAttr must share one "
                    + "floating-point type, got " + x.getDataType() + ", " + h.getDataType() + ", " + v.getDataType()
                    + ", " + edgeAttr.getDataType());
        }
        return g;
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> inputSlots() {
        return GraphBatch.featureSlots(Irreps.parse(hidden + "x0e"), Irreps.parse("1x1o"),
                edgeFeatures == 0 ? Irreps.empty() : Irreps.parse(edgeFeatures + "x0e"), 0);
    }

    /** {@inheritDoc} */
    @Override
    public List<FeatureSlot> outputSlots() {
        return inputSlots();
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[GraphBatch.POSITIONS].get(0);
        long e = inputShapes[GraphBatch.EDGE_INDEX].get(1);
        edgeMlp.initialize(manager, dataType, new Shape(e, 2L * hidden + 1 + edgeFeatures));
        nodeMlp.initialize(manager, dataType, new Shape(n, 2L * hidden));
        coordMlp.initialize(manager, dataType, new Shape(e, hidden));
        velocityMlp.initialize(manager, dataType, new Shape(n, hidden));
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        os.writeInt(hidden);
        os.writeInt(edgeFeatures);
        os.writeDouble(coordsWeight);
        os.writeBoolean(recurrent);
        os.writeDouble(coordinateClamp);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(name + ": unsupported encoding version " + loadVersion + " (this code reads "
                    + VERSION + ")");
        }
        int h = is.readInt();
        int k = is.readInt();
        double c = is.readDouble();
        boolean r = is.readBoolean();
        double clamp = is.readDouble();
        if (h != hidden || k != edgeFeatures || Double.compare(c, coordsWeight) != 0 || r != recurrent
                || Double.compare(clamp, coordinateClamp) != 0) {
            throw new MalformedModelException(name + ": saved layer has hidden " + h + ", edge features " + k
                    + ", coordsWeight " + c + ", recurrent " + r + ", clamp " + clamp + "; this layer has " + hidden + ", "
                    + edgeFeatures + ", " + coordsWeight + ", " + recurrent + ", " + coordinateClamp);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name;
    }

    /** Builder of {@link EgnnLayer}. */
    public static final class Builder {
        private int hidden;
        private int edgeFeatures = -1;
        private double coordsWeight = 1.0;
        private boolean recurrent = true;
        private double coordinateClamp = 100;

        Builder() {}

        /**
         * Sets the number of node (and hidden) features {@code H} (required).
         *
         * @param hidden at least 1
         * @return this Builder
         */
        public Builder setHiddenFeatures(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * Sets the number of invariant edge features {@code k} (required; 0 allowed).
         *
         * @param edgeFeatures at least 0
         * @return this Builder
         */
        public Builder setEdgeFeatures(int edgeFeatures) {
            this.edgeFeatures = edgeFeatures;
            return this;
        }

        /**
         * Sets the factor of the coordinate update; default 1.0 (official {@code coords_weight}).
         *
         * @param coordsWeight the factor
         * @return this Builder
         */
        public Builder optCoordsWeight(double coordsWeight) {
            this.coordsWeight = coordsWeight;
            return this;
        }

        /**
         * Sets whether the node update is residual, {@code h' = h + phi_h}; default true (the
         * official N-body model passes {@code recurrent=True}).
         *
         * @param recurrent whether to add the input
         * @return this Builder
         */
        public Builder optRecurrent(boolean recurrent) {
            this.recurrent = recurrent;
            return this;
        }

        /**
         * Sets the bound of the component-wise clamp of coordinate messages; default 100 (official);
         * {@code Double.POSITIVE_INFINITY} removes the clamp.
         *
         * @param coordinateClamp a positive bound
         * @return this Builder
         */
        public Builder optCoordinateClamp(double coordinateClamp) {
            this.coordinateClamp = coordinateClamp;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException if a size is missing or out of range
         */
        public EgnnLayer build() {
            if (hidden < 1) {
                throw new IllegalArgumentException("EgnnLayer needs setHiddenFeatures >= 1, got " + hidden);
            }
            if (edgeFeatures < 0) {
                throw new IllegalArgumentException("EgnnLayer needs setEdgeFeatures >= 0, got " + edgeFeatures);
            }
            if (!(coordinateClamp > 0) || !Double.isFinite(coordsWeight)) {
                throw new IllegalArgumentException("EgnnLayer: coordinateClamp must be positive and coordsWeight finite, "
                        + "got " + coordinateClamp + " and " + coordsWeight);
            }
            return new EgnnLayer(this);
        }
    }
}
