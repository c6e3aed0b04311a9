package io.github.segnn.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam exactly as {@code torch.optim.Adam} (L2 weight decay added to the gradient, bias-corrected
 * moments, {@code eps} added after the square root), whose state (moments and step counts) can be
 * saved and restored, so that a killed training resumes without loss. DJL's own Adam keeps its
 * state private. Like DJL's optimizers, it clears each parameter's gradient after the update. Build with {@link #builder()}.
 */
public class ResumableAdam extends Optimizer {

    private final Tracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, NDArray> mean = new HashMap<>();
    private final Map<String, NDArray> variance = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    ResumableAdam(Builder b) {
        super(b);
        learningRate = b.learningRate;
        beta1 = b.beta1;
        beta2 = b.beta2;
        epsilon = b.epsilon;
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
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        float lr = learningRate.getNewValue(parameterId, t - 1);
        float wd = getWeightDecay();
        NDArray m = mean.get(parameterId);
        if (m == null) {
            m = weight.zerosLike();
            mean.put(parameterId, m);
            variance.put(parameterId, weight.zerosLike());
        }
        NDArray v = variance.get(parameterId);
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        if (clipGrad <= 0 && weight instanceof PtNDArray && grad instanceof PtNDArray) {
            // one native call instead of ~14 NDArray calls per parameter; it computes
            // w -= (lr sqrt(bc2) / bc1) m / (sqrt(v) + eps sqrt(bc2)), which is torch's
            // w -= (lr / bc1) m / (sqrt(v) / sqrt(bc2) + eps) with the factors moved
            JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) grad, (PtNDArray) m, (PtNDArray) v, lr,
                    (float) (lr * sqrtBc2 / bc1), wd, rescaleGrad, -1f, beta1, beta2, (float) (epsilon * sqrtBc2),
                    false);
        } else {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray g = rescaleGrad == 1 ? grad : grad.mul(rescaleGrad);
                if (wd != 0) {
                    g = g.add(weight.mul(wd));
                }
                if (clipGrad > 0) {
                    g = g.clip(-clipGrad, clipGrad);
                }
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().mul(1 - beta2));
                NDArray denom = v.sqrt().div(sqrtBc2).add(epsilon);
                weight.subi(m.div(denom).mul(lr / bc1));
            }
        }
        // PyTorch accumulates gradients across backward passes and DJL's built-in optimizers clear
        // them inside their native update; a Java optimizer must do it itself
        if (weight instanceof PtNDArray) {
            JniUtils.zeroGrad((PtNDArray) weight);
        } else {
            grad.subi(grad);
        }
    }

    /**
     * Writes the moments and step counts, keyed by the parameters' paths in the block.
     *
     * @param block the block whose parameters this optimizer updates
     * @param out the stream
     * @throws IOException on write errors
     */
    public void save(Block block, DataOutputStream out) throws IOException {
        out.writeInt(1);
        int n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (mean.containsKey(p.getValue().getId())) {
                n++;
            }
        }
        out.writeInt(n);
        for (Pair<String, Parameter> p : block.getParameters()) {
            String id = p.getValue().getId();
            if (!mean.containsKey(id)) {
                continue;
            }
            out.writeUTF(p.getKey());
            out.writeInt(steps.get(id));
            writeArray(out, mean.get(id));
            writeArray(out, variance.get(id));
        }
    }

    /**
     * Restores the state written by {@link #save}.
     *
     * @param block the block whose parameters this optimizer updates
     * @param manager the manager that will own the moments (the parameters' manager)
     * @param in the stream
     * @throws IOException on read errors or if the state does not fit the block
     */
    public void load(Block block, NDManager manager, DataInputStream in) throws IOException {
        if (in.readInt() != 1) {
            throw new IOException("unsupported optimizer state version");
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter p = byName.get(name);
            if (p == null) {
                throw new IOException("optimizer state names parameter '" + name + "' which the model does not have");
            }
            steps.put(p.getId(), in.readInt());
            mean.put(p.getId(), readArray(in, manager, p));
            variance.put(p.getId(), readArray(in, manager, p));
        }
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        byte[] b = a.encode();
        out.writeInt(b.length);
        out.write(b);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager, Parameter p) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        NDArray a = NDArray.decode(manager, b);
        if (p.getArray() != null) {
            a = a.toDevice(p.getArray().getDevice(), false);
        }
        return a;
    }

    /** Builder of {@link ResumableAdam}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private Tracker learningRate = Tracker.fixed(1e-3f);
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the learning rate tracker; default fixed 1e-3.
         *
         * @param tracker the tracker (called with the 0-based update count)
         * @return this Builder
         */
        public Builder optLearningRateTracker(Tracker tracker) {
            learningRate = tracker;
            return this;
        }

        /**
         * Sets the betas; default 0.9 and 0.999.
         *
         * @param beta1 first moment decay
         * @param beta2 second moment decay
         * @return this Builder
         */
        public Builder optBetas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets epsilon; default 1e-8.
         *
         * @param epsilon the epsilon
         * @return this Builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public ResumableAdam build() {
            return new ResumableAdam(this);
        }
    }
}
