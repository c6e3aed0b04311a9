// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.segnn.djl.internal.Scalars;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adam exactly as {@code torch.optim.Adam} (L2 weight decay added to the gradient, bias-corrected
 * moments, {@code eps} added after the square root), or with {@link Builder#optDecoupledWeightDecay}
 * as {@code torch.optim.AdamW} (each weight first multiplied by {@code 1 - lr * weightDecay}, the
 * gradient left alone), whose state (moments and step counts) can be saved and restored, so that a
 * killed training resumes without loss. DJL's own Adam keeps its state private and has no
 * decoupled weight decay. Like DJL's optimizers, it clears each parameter's gradient after the
 * update.
 *
 * <p>{@link Builder#optClipGradNorm} clips the gradients by their global norm, as {@code
 * torch.nn.utils.clip_grad_norm_} before the step: all gradients are scaled by {@code min(1, max /
 * (norm + 1e-6))}, {@code norm} the 2-norm of all of them together. That needs every gradient at
 * once, so it is done by {@link #updateAll(Block)} only (a {@link GraphTrainer}'s step). DJL's
 * {@code optClipGrad}, which this optimizer also honours, clips each gradient element to {@code
 * [-c, c]} instead.
 * {@link #updateAll(Block)} updates all parameters of a model with a few operations on all of them
 * at once, with the arithmetic of {@link #update} on each: a {@link GraphTrainer}'s
 * {@code step()} calls it (when its devices are one), a plain DJL {@code Trainer}'s {@code step()}
 * calls {@link #update} per parameter through DJL's parameter server. Build with
 * {@link #builder()}.
 */
public class ResumableAdam extends Optimizer {

    private final Tracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean decoupled;
    private final float clipGradNorm;
    private final Map<String, NDArray> mean = new HashMap<>();
    private final Map<String, NDArray> variance = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    /** The moments of every parameter in one array each, of which the per-parameter moments are views. */
    private FlatMoments flat;

    /** Flat views of the parameters' arrays, by parameter id. */
    private final Map<String, FlatView> flatWeights = new HashMap<>();

    /** The parameters that {@link #flat} covers, in order, and their joined moments. */
    private record FlatMoments(List<String> ids, NDArray mean, NDArray variance) {}

    /** A flat view of a parameter's array, and the array it views. */
    private record FlatView(NDArray source, NDArray view) {}

    ResumableAdam(Builder b) {
        super(b);
        learningRate = b.learningRate;
        beta1 = b.beta1;
        beta2 = b.beta2;
        epsilon = b.epsilon;
        decoupled = b.decoupled;
        clipGradNorm = b.clipGradNorm;
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
     * Updates one parameter. With clipping by global norm set, use {@link #updateAll(Block)}: one
     * parameter's gradient does not give the global norm.
     *
     * @param parameterId the parameter's id
     * @param weight its array
     * @param grad its gradient
     * @throws IllegalStateException if clipping by global norm is set
     */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        if (clipGradNorm > 0) {
            throw new IllegalStateException("ResumableAdam: clipping by global norm needs every gradient at once;"
                    + " train with a GraphTrainer, whose step() calls updateAll, or leave optClipGradNorm unset");
        }
        updateOne(parameterId, weight, grad);
    }

    /** The update of one parameter, with {@link #update}'s arithmetic. */
    private void updateOne(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        float lr = learningRate.getNewValue(parameterId, t - 1);
        float wd = decoupled ? 0f : getWeightDecay();
        if (decoupled && getWeightDecay() != 0) {
            weight.muli(1 - lr * getWeightDecay());
        }
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
     * Updates every parameter of a block that has a gradient, with the same arithmetic as
     * {@link #update} on each. The moments of all parameters are kept joined in one array each (the
     * per-parameter moments are views of them) and the gradients are joined once per call, so that the
     * update costs about ten operations on all parameters plus a subtraction and a gradient reset per
     * parameter, where {@code update} takes twelve per parameter (N-body SEGNN: 37 parameters, 444
     * operations). Falls back to {@code update} per parameter where the parameters do not share one
     * device, data type and step count, or gradient clipping is set.
     *
     * @param block the model
     */
    public void updateAll(Block block) {
        List<Parameter> params = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (p.getValue().requiresGradient() && a != null && a.hasGradient()) {
                params.add(p.getValue());
            }
        }
        if (params.isEmpty()) {
            return;
        }
        if (!joinable(params)) {
            if (clipGradNorm > 0) {
                clipInPlace(params);
            }
            for (Parameter p : params) {
                NDArray a = p.getArray();
                try (NDArray g = a.getGradient()) {
                    updateOne(p.getId(), a, g);
                }
            }
            return;
        }
        FlatMoments moments = flatMoments(params);
        String first = params.get(0).getId();
        int t = steps.getOrDefault(first, 0) + 1;
        for (Parameter p : params) {
            steps.put(p.getId(), t);
        }
        float lr = learningRate.getNewValue(first, t - 1);
        float wd = decoupled ? 0f : getWeightDecay();
        float shrink = decoupled ? 1 - lr * getWeightDecay() : 1f;
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        long[] cuts = new long[params.size() - 1];
        long offset = 0;
        for (int i = 0; i < cuts.length; i++) {
            offset += params.get(i).getArray().size();
            cuts[i] = offset;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList grads = new NDList(params.size());
            NDList weights = new NDList(params.size());
            for (Parameter p : params) {
                grads.add(p.getArray().getGradient().reshape(-1));
                if (wd != 0) {
                    weights.add(flatWeight(p));
                }
            }
            NDArray g = NDArrays.concat(grads);
            if (rescaleGrad != 1) {
                g = g.mul(rescaleGrad);
            }
            if (clipGradNorm > 0) {
                g = g.mul(clipFactor(g.square().sum()));
            }
            if (wd != 0) {
                g = g.add(NDArrays.concat(weights).mul(wd));
            }
            // DJL's native update, on all parameters: the moments, then
            // w -= (lr sqrt(bc2) / bc1) m / (sqrt(v) + eps sqrt(bc2))
            moments.mean.muli(beta1).addi(Scalars.mul(g, 1 - beta1));
            moments.variance.muli(beta2).addi(Scalars.mul(g, 1 - beta2).mul(g));
            NDArray step = moments.mean.mul((float) (lr * sqrtBc2 / bc1))
                    .div(moments.variance.sqrt().add((float) (epsilon * sqrtBc2)));
            NDList pieces = cuts.length == 0 ? new NDList(step) : step.split(cuts);
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                NDArray w = flatWeight(p);
                if (shrink != 1f) {
                    w.muli(shrink);
                }
                w.subi(pieces.get(i));
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }

    /**
     * The factor {@code min(1, max / (norm + 1e-6))} of clipping by global norm, as an array (no
     * value is copied to Java).
     *
     * @param squaredNorm the sum of the squares of every gradient element
     */
    private NDArray clipFactor(NDArray squaredNorm) {
        return squaredNorm.sqrt().add(1e-6f).pow(-1).mul(clipGradNorm).minimum(1f);
    }

    /** Scales the gradients of parameters that cannot be joined by the clipping factor, in place. */
    private void clipInPlace(List<Parameter> params) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray sum = null;
            for (Parameter p : params) {
                NDArray g = p.getArray().getGradient();
                NDArray s2 = g.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .toDevice(params.get(0).getArray().getDevice(), false);
                sum = sum == null ? s2 : sum.add(s2);
            }
            NDArray factor = clipFactor(sum);
            for (Parameter p : params) {
                NDArray g = p.getArray().getGradient();
                g.muli(factor.toType(g.getDataType(), false).toDevice(g.getDevice(), false));
            }
        }
    }

    /**
     * A flat view of a parameter's array, kept across updates (the array is updated in place), and
     * made again where the parameter's array was replaced.
     */
    private NDArray flatWeight(Parameter p) {
        NDArray a = p.getArray();
        FlatView v = flatWeights.get(p.getId());
        if (v == null || v.source != a || v.view.isReleased()) {
            if (v != null) {
                v.view.close();
            }
            NDArray view = a.reshape(-1);
            NDScope.unregister(view); // kept beyond the update's scope
            v = new FlatView(a, view);
            flatWeights.put(p.getId(), v);
        }
        return v.view;
    }

    /**
     * Whether {@link #updateAll} can join the parameters: PyTorch arrays of one device and type, one
     * step count, no gradient clipping.
     */
    private boolean joinable(List<Parameter> params) {
        if (clipGrad > 0) {
            return false;
        }
        NDArray a0 = params.get(0).getArray();
        Integer t0 = steps.get(params.get(0).getId());
        for (Parameter p : params) {
            NDArray a = p.getArray();
            if (!(a instanceof PtNDArray) || !a.getDevice().equals(a0.getDevice())
                    || a.getDataType() != a0.getDataType()
                    || !Objects.equals(steps.get(p.getId()), t0)
                    || mean.containsKey(p.getId()) != (t0 != null)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The joined moments of the parameters: kept from the last call where the parameters are the same,
     * otherwise joined from the per-parameter moments (zeros where there are none yet), which then
     * become views of the joined arrays.
     */
    private FlatMoments flatMoments(List<Parameter> params) {
        List<String> ids = params.stream().map(Parameter::getId).toList();
        if (flat != null && flat.ids.equals(ids)) {
            return flat;
        }
        NDArray a0 = params.get(0).getArray();
        NDManager owner = a0.getManager();
        NDArray m;
        NDArray v;
        if (mean.containsKey(ids.get(0))) {
            NDList ms = new NDList(params.size());
            NDList vs = new NDList(params.size());
            for (String id : ids) {
                ms.add(mean.get(id).reshape(-1));
                vs.add(variance.get(id).reshape(-1));
            }
            m = NDArrays.concat(ms);
            v = NDArrays.concat(vs);
            for (String id : ids) {
                mean.remove(id).close();
                variance.remove(id).close();
            }
            ms.close();
            vs.close();
        } else {
            long total = params.stream().mapToLong(p -> p.getArray().size()).sum();
            m = owner.zeros(new Shape(total), a0.getDataType(), a0.getDevice());
            v = owner.zeros(new Shape(total), a0.getDataType(), a0.getDevice());
        }
        m.attach(owner);
        v.attach(owner);
        long offset = 0;
        for (Parameter p : params) {
            long n = p.getArray().size();
            Shape shape = p.getArray().getShape();
            mean.put(p.getId(), m.get(offset + ":" + (offset + n)).reshape(shape));
            variance.put(p.getId(), v.get(offset + ":" + (offset + n)).reshape(shape));
            offset += n;
        }
        flat = new FlatMoments(ids, m, v);
        return flat;
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
            replace(mean, p.getId(), readArray(in, manager, p));
            replace(variance, p.getId(), readArray(in, manager, p));
        }
    }

    /** Puts a restored moment, closing the one it replaces; the joined moments are then rebuilt. */
    private void replace(Map<String, NDArray> moments, String id, NDArray restored) {
        NDArray old = moments.put(id, restored);
        if (old != null) {
            old.close();
        }
        if (flat != null) {
            flat.mean.close();
            flat.variance.close();
            flat = null;
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
        private boolean decoupled;
        private float clipGradNorm;

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
         * Makes the weight decay decoupled, as {@code torch.optim.AdamW}: each weight is multiplied
         * by {@code 1 - lr * weightDecay} before the Adam step, instead of {@code weightDecay *
         * weight} being added to its gradient (default: coupled, as {@code torch.optim.Adam}).
         *
         * @param decoupled whether the weight decay is decoupled
         * @return this Builder
         */
        public Builder optDecoupledWeightDecay(boolean decoupled) {
            this.decoupled = decoupled;
            return this;
        }

        /**
         * Clips the gradients by their global 2-norm before each update, as {@code
         * torch.nn.utils.clip_grad_norm_}; 0 (the default) does not clip. Only {@link
         * ResumableAdam#updateAll(Block)} can clip so (see the class comment).
         *
         * @param maxNorm the largest global norm, &gt;= 0
         * @return this Builder
         */
        public Builder optClipGradNorm(float maxNorm) {
            this.clipGradNorm = maxNorm;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if the clipping norm is negative or not finite
         */
        public ResumableAdam build() {
            if (!(clipGradNorm >= 0) || Float.isInfinite(clipGradNorm)) {
                throw new IllegalArgumentException("ResumableAdam: the clipping norm must be >= 0 and finite, got "
                        + clipGradNorm);
            }
            return new ResumableAdam(this);
        }
    }
}
