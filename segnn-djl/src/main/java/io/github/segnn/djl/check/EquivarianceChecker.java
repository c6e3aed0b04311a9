// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.check;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.so3.Matrices;
import io.github.segnn.core.so3.Rotations;
import io.github.segnn.core.so3.WignerD;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Tests any function or Block for equivariance: draws random elements of O(3) (reflections
 * included), translations and node permutations, applies them to the inputs as their
 * {@link FeatureSlot}s say, and reports the largest relative error {@code max|f(g x) - g f(x)| /
 * max|g f(x)|} over the outputs. An {@link EquivariantBlock} declares its own slots; any other
 * Block (a {@code SequentialBlock} of a model and a head, say) is checked with slots the caller
 * declares. Build with {@link #builder()}.
 */
public final class EquivarianceChecker {

    private final int trials;
    private final long seed;
    private final boolean reflections;
    private final boolean translations;
    private final boolean permutations;

    private EquivarianceChecker(Builder b) {
        trials = b.trials;
        seed = b.seed;
        reflections = b.reflections;
        translations = b.translations;
        permutations = b.permutations;
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
     * The outcome of a check.
     *
     * @param maxRelativeError the largest relative error over trials and outputs
     * @param worst a description of the worst case
     * @param trials the number of random transformations tried
     */
    public record Report(double maxRelativeError, String worst, int trials) {

        /**
         * Throws if the error reaches the tolerance.
         *
         * @param tolerance the bound on the relative error
         * @return this report
         * @throws AssertionError with the worst case
         */
        public Report assertBelow(double tolerance) {
            if (!(maxRelativeError < tolerance)) {
                throw new AssertionError("equivariance error " + maxRelativeError + " >= " + tolerance + ": " + worst);
            }
            return this;
        }
    }

    /**
     * Checks an initialized Block that declares its slots, in inference mode.
     *
     * @param block the block
     * @param inputs inputs matching {@link EquivariantBlock#inputSlots()}
     * @return the report
     */
    public Report check(EquivariantBlock block, NDList inputs) {
        return check(block, inputs, block.inputSlots(), block.outputSlots());
    }

    /**
     * Checks any initialized Block in inference mode, with the slots the caller declares for its
     * inputs and outputs (for a graph model, {@code GraphBatch.featureSlots}).
     *
     * @param block the block
     * @param inputs the inputs
     * @param in how each input transforms, in NDList order
     * @param out how each output transforms, in NDList order
     * @return the report
     * @throws IllegalArgumentException if the block is not initialized or the inputs do not match
     *     the slots
     */
    public Report check(Block block, NDList inputs, List<FeatureSlot> in, List<FeatureSlot> out) {
        if (block == null || !block.isInitialized()) {
            throw new IllegalArgumentException("EquivarianceChecker: the block " + block
                    + " is not initialized; call initialize with the input shapes first");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("EquivarianceChecker: no input to transform for " + block);
        }
        ParameterStore ps = new ParameterStore(inputs.head().getManager(), false);
        return check(x -> block.forward(ps, x, false), inputs, in, out);
    }

    /**
     * Checks a function.
     *
     * @param f the function
     * @param inputs the inputs
     * @param in how each input transforms
     * @param out how each output transforms
     * @return the report
     */
    public Report check(Function<NDList, NDList> f, NDList inputs, List<FeatureSlot> in, List<FeatureSlot> out) {
        if (in.size() != inputs.size()) {
            throw new IllegalArgumentException(
                    "EquivarianceChecker: " + inputs.size() + " inputs but " + in.size() + " slots " + in);
        }
        long nodes = numNodes(inputs, in);
        if (nodes == 0) {
            throw new IllegalArgumentException("EquivarianceChecker: the inputs have no node (an empty batch): "
                    + "there is nothing to rotate or permute; give at least one graph with nodes");
        }
        Random rnd = new Random(seed);
        NDList y = f.apply(inputs);
        if (y.size() != out.size()) {
            throw new IllegalArgumentException(
                    "EquivarianceChecker: " + y.size() + " outputs but " + out.size() + " slots " + out);
        }
        if (y.stream().allMatch(a -> a.size() == 0)) {
            throw new IllegalArgumentException("EquivarianceChecker: every output is empty " + y.getShapes()
                    + ": there is nothing to compare");
        }
        double worstErr = 0;
        String worst = "none";
        for (int t = 0; t < trials; t++) {
            double[][] r = Rotations.randomOrthogonal(rnd, reflections && t % 2 == 1);
            double[] shift = translations ? new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()}
                    : new double[3];
            int[] perm = permutation(nodes, rnd);
            Transform g = new Transform(r, shift, perm);
            NDList gx = new NDList();
            for (int i = 0; i < inputs.size(); i++) {
                gx.add(g.apply(inputs.get(i), in.get(i)));
            }
            NDList fgx = f.apply(gx);
            for (int o = 0; o < out.size(); o++) {
                if (y.get(o).size() == 0) {
                    continue; // an empty output (no edge scalars, say) is equal whatever the transformation
                }
                NDArray want = g.apply(y.get(o), out.get(o)).toType(DataType.FLOAT64, false);
                NDArray got = fgx.get(o).toType(DataType.FLOAT64, false);
                double scale = Math.max(want.abs().max().getDouble(), 1e-30);
                double err = got.sub(want).abs().max().getDouble() / scale;
                if (err > worstErr || Double.isNaN(err)) {
                    worstErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                    worst = "output " + o + " " + out.get(o) + ", trial " + t + (Matrices.det3(r) < 0 ? " (improper)" : "")
                            + ", relative error " + err;
                }
            }
        }
        return new Report(worstErr, worst, trials);
    }

    private int[] permutation(long n, Random rnd) {
        int[] p = new int[(int) n];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        if (permutations) {
            for (int i = p.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int s = p[i];
                p[i] = p[j];
                p[j] = s;
            }
        }
        return p;
    }

    /** The rows of the first node-level input, or of the first input when none is node-level. */
    private static long numNodes(NDList inputs, List<FeatureSlot> slots) {
        for (int i = 0; i < slots.size(); i++) {
            FeatureSlot.Kind k = slots.get(i).kind();
            if (k == FeatureSlot.Kind.NODE_IRREPS || k == FeatureSlot.Kind.POSITIONS || k == FeatureSlot.Kind.NODE_LABELS) {
                return inputs.get(i).getShape().get(0);
            }
        }
        Shape first = inputs.get(0).getShape();
        return first.dimension() == 0 ? 1 : first.get(0);
    }

    /** One group element acting on arrays. */
    private static final class Transform {
        private final double[][] r;
        private final double[] shift;
        private final int[] perm;
        private final long[] inverse;

        Transform(double[][] r, double[] shift, int[] perm) {
            this.r = r;
            this.shift = shift;
            this.perm = perm;
            inverse = new long[perm.length];
            for (int i = 0; i < perm.length; i++) {
                inverse[perm[i]] = i;
            }
        }

        NDArray apply(NDArray x, FeatureSlot slot) {
            NDManager m = x.getManager();
            switch (slot.kind()) {
                case NODE_IRREPS:
                    return permute(rotate(x, slot));
                case EDGE_IRREPS:
                case GRAPH_IRREPS:
                    return rotate(x, slot);
                case POSITIONS:
                    NDArray t = m.create(DoubleBuffer.wrap(shift), new Shape(1, 3)).toType(x.getDataType(), false);
                    return permute(rotate(x, slot).add(t));
                case EDGE_INDEX:
                    NDArray inv = m.create(inverse).toDevice(x.getDevice(), false);
                    return inv.get(x.toType(DataType.INT64, false).flatten()).reshape(x.getShape())
                            .toType(x.getDataType(), false);
                case NODE_LABELS:
                    return permute(x);
                default:
                    return x;
            }
        }

        private NDArray rotate(NDArray x, FeatureSlot slot) {
            double[][] d = WignerD.fromMatrix(slot.irreps(), r);
            double[] flat = new double[d.length * d.length];
            for (int i = 0; i < d.length; i++) {
                for (int j = 0; j < d.length; j++) {
                    flat[j * d.length + i] = d[i][j];
                }
            }
            NDArray dt = x.getManager().create(DoubleBuffer.wrap(flat), new Shape(d.length, d.length))
                    .toType(x.getDataType(), false).toDevice(x.getDevice(), false);
            return x.matMul(dt);
        }

        private NDArray permute(NDArray x) {
            long[] p = new long[perm.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = perm[i];
            }
            return x.get(x.getManager().create(p).toDevice(x.getDevice(), false));
        }
    }

    /** Builder of {@link EquivarianceChecker}. */
    public static final class Builder {
        private int trials = 4;
        private long seed = 1234;
        private boolean reflections = true;
        private boolean translations = true;
        private boolean permutations = true;

        Builder() {}

        /**
         * Sets the number of random transformations; default 4 (half of them improper).
         *
         * @param trials the count
         * @return this Builder
         */
        public Builder optTrials(int trials) {
            this.trials = trials;
            return this;
        }

        /**
         * Sets the random seed; default 1234.
         *
         * @param seed the seed
         * @return this Builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets whether improper elements (reflections) are drawn; default true.
         *
         * @param reflections whether to reflect
         * @return this Builder
         */
        public Builder optReflections(boolean reflections) {
            this.reflections = reflections;
            return this;
        }

        /**
         * Sets whether positions are translated; default true.
         *
         * @param translations whether to translate
         * @return this Builder
         */
        public Builder optTranslations(boolean translations) {
            this.translations = translations;
            return this;
        }

        /**
         * Sets whether nodes are permuted; default true.
         *
         * @param permutations whether to permute
         * @return this Builder
         */
        public Builder optPermutations(boolean permutations) {
            this.permutations = permutations;
            return this;
        }

        /**
         * Builds the checker.
         *
         * @return the checker
         */
        public EquivarianceChecker build() {
            if (trials < 1) {
                throw new IllegalArgumentException("trials must be >= 1, got " + trials);
            }
            return new EquivarianceChecker(this);
        }
    }
}
