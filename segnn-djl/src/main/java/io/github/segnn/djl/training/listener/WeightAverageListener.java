// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training.listener;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps an average of a model's parameters during training, as PyTorch's {@code AveragedModel}:
 *
 * <ul>
 *   <li>{@link #exponential}: an exponential moving average over the optimizer's updates (an EMA
 *       function, {@code update_parameters} after every {@code optimizer.step()}): the first update
 *       copies the parameters, every later one sets {@code avg += (1 - decay) (w - avg)};
 *   <li>{@link #stochastic}: stochastic weight averaging, the equal average of the parameters at the
 *       end of every epoch from a start epoch on ({@code update_parameters} once per epoch, as in
 *       PyTorch's SWA recipe): {@code avg += (w - avg) / (n + 1)} for the {@code n}-th epoch folded.
 * </ul>
 *
 * <p>The listeners given to the factory (typically an {@link EvaluationListener} and a {@link
 * BestParametersListener}) run their {@code onEpoch} with the averaged parameters in the model, which
 * are then put back, so that evaluation, the best model and anything they save use the average while
 * training goes on with the raw parameters; before the first fold (SWA before its start epoch) they
 * see the raw parameters. Add this listener in their place, before a checkpoint listener. The model
 * must have no state outside its parameters that depends on them (a batch norm's running
 * statistics would need recomputing for the average).
 *
 * <p>{@code EasyTrain} calls {@code onTrainingBatch} after a batch's backward pass and before
 * {@code Trainer.step()}: the exponential average folds the parameters of an update in at the next
 * batch's {@code onTrainingBatch} or at {@code onEpoch}, so that after every epoch it holds every
 * update of it. {@link #averagedWeights(Block)} swaps the average in for other uses (evaluation
 * after training); {@link #save}/{@link #load} keep it in a checkpoint, so that a resumed run
 * averages exactly as an uninterrupted one. Parameters are swapped by copying in place, which keeps
 * the arrays (and any view of them an optimizer holds).
 */
public final class WeightAverageListener extends TrainingListenerAdapter {

    private static final int VERSION = 1;

    private final float decay;
    private final boolean warmup;
    private final int startEpoch;
    private final List<TrainingListener> withAverage;
    private final Map<String, NDArray> average = new HashMap<>();
    private long folds;
    private int epochs;
    private boolean pending;

    private WeightAverageListener(float decay, boolean warmup, int startEpoch, TrainingListener... withAverage) {
        this.decay = decay;
        this.warmup = warmup;
        this.startEpoch = startEpoch;
        this.withAverage = List.of(withAverage);
    }

    /**
     * An exponential moving average over the optimizer's updates.
     *
     * @param decay the weight of the previous average, in [0, 1), e.g. 0.999
     * @param withAverage listeners whose {@code onEpoch} runs with the averaged parameters (their
     *     other events are passed on unchanged)
     * @return the listener
     * @throws IllegalArgumentException if the decay is outside [0, 1)
     */
    public static WeightAverageListener exponential(float decay, TrainingListener... withAverage) {
        checkDecay(decay);
        return new WeightAverageListener(decay, false, 0, withAverage);
    }

    /**
     * An exponential moving average over the optimizer's updates whose decay grows with the number
     * of updates, as TensorFlow's {@code ExponentialMovingAverage} with {@code num_updates}: the
     * {@code n}-th fold after the first uses {@code min(decay, (1 + n) / (10 + n))}, so that the
     * average forgets the first weights within tens of updates instead of about {@code 1 / (1 -
     * decay)} and is worth evaluating from the first epochs on.
     *
     * @param decay the largest weight of the previous average, in [0, 1), e.g. 0.999
     * @param withAverage listeners whose {@code onEpoch} runs with the averaged parameters
     * @return the listener
     * @throws IllegalArgumentException if the decay is outside [0, 1)
     */
    public static WeightAverageListener exponentialWithWarmup(float decay, TrainingListener... withAverage) {
        checkDecay(decay);
        return new WeightAverageListener(decay, true, 0, withAverage);
    }

    private static void checkDecay(float decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("WeightAverageListener: the decay must lie in [0, 1), got " + decay);
        }
    }

    /**
     * Stochastic weight averaging: the equal average of the parameters after each epoch from {@code
     * startEpoch} on.
     *
     * @param startEpoch the first epoch (1-based) whose parameters are averaged, at least 1
     * @param withAverage listeners whose {@code onEpoch} runs with the averaged parameters
     * @return the listener
     * @throws IllegalArgumentException if the start epoch is below 1
     */
    public static WeightAverageListener stochastic(int startEpoch, TrainingListener... withAverage) {
        if (startEpoch < 1) {
            throw new IllegalArgumentException("WeightAverageListener: the first averaged epoch must be >= 1, got "
                    + startEpoch);
        }
        return new WeightAverageListener(Float.NaN, false, startEpoch, withAverage);
    }

    /**
     * Returns the number of parameter sets folded into the average (updates for the exponential
     * average, epochs for SWA).
     *
     * @return the count
     */
    public long folds() {
        return folds;
    }

    private boolean isExponential() {
        return startEpoch == 0;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        withAverage.forEach(l -> l.onTrainingBegin(trainer));
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (isExponential()) {
            if (pending) {
                fold(trainer.getModel().getBlock());
            }
            // EasyTrain updates the parameters after this call
            pending = true;
        }
        withAverage.forEach(l -> l.onTrainingBatch(trainer, batchData));
    }

    /** {@inheritDoc} */
    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        withAverage.forEach(l -> l.onValidationBatch(trainer, batchData));
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        Block block = trainer.getModel().getBlock();
        epochs++;
        if (pending || !isExponential() && epochs >= startEpoch) {
            fold(block);
            pending = false;
        }
        if (average.isEmpty()) {
            withAverage.forEach(l -> l.onEpoch(trainer));
            return;
        }
        try (Swap swap = averagedWeights(block)) {
            withAverage.forEach(l -> l.onEpoch(trainer));
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        withAverage.forEach(l -> l.onTrainingEnd(trainer));
    }

    /**
     * Folds the block's current parameters into the average (the first call copies them): with the
     * decay for the exponential average, with weight {@code 1 / (n + 1)} for SWA.
     *
     * @param block the model
     */
    public void fold(Block block) {
        double weight = isExponential() ? 1 - currentDecay() : 1.0 / (folds + 1);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray w = p.getValue().getArray();
                if (w == null) {
                    continue;
                }
                NDArray avg = average.get(p.getValue().getId());
                if (avg == null) {
                    avg = w.duplicate();
                    NDScope.unregister(avg);
                    avg.attach(w.getManager());
                    average.put(p.getValue().getId(), avg);
                } else {
                    avg.addi(w.sub(avg).muli(weight));
                }
            }
        }
        folds++;
    }

    /** The exponential average's decay at this fold: with warm-up {@code min(decay, (1 + n) / (10 + n))}. */
    private double currentDecay() {
        return warmup ? Math.min(decay, (1.0 + folds) / (10.0 + folds)) : decay;
    }

    /** The averaged parameters in a model until closed, when the raw parameters return. */
    public final class Swap implements AutoCloseable {
        private final Map<NDArray, NDArray> raw = new LinkedHashMap<>();

        private Swap(Block block) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray w = p.getValue().getArray();
                NDArray avg = average.get(p.getValue().getId());
                if (w != null && avg != null) {
                    raw.put(w, w.duplicate());
                    copyInto(w, avg);
                }
            }
        }

        /** Puts the raw parameters back. */
        @Override
        public void close() {
            for (Map.Entry<NDArray, NDArray> e : raw.entrySet()) {
                copyInto(e.getKey(), e.getValue());
                e.getValue().close();
            }
            raw.clear();
        }
    }

    /**
     * Puts the averaged parameters into the model until the returned swap is closed; parameters not
     * yet averaged keep their values.
     *
     * @param block the model
     * @return the swap, to close
     */
    public Swap averagedWeights(Block block) {
        return new Swap(block);
    }

    private static void copyInto(NDArray target, NDArray source) {
        target.set(new NDIndex("..."), source);
    }

    /**
     * Writes the average, the fold count and the epochs seen, keyed by the parameters' paths in the
     * block.
     *
     * @param block the model
     * @param out the stream
     * @throws IOException on write errors
     */
    public void save(Block block, DataOutputStream out) throws IOException {
        List<Pair<String, NDArray>> saved = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray avg = average.get(p.getValue().getId());
            if (avg != null) {
                saved.add(new Pair<>(p.getKey(), avg));
            }
        }
        out.writeInt(VERSION);
        out.writeLong(folds);
        out.writeInt(epochs);
        out.writeInt(saved.size());
        for (Pair<String, NDArray> s : saved) {
            out.writeUTF(s.getKey());
            byte[] b = s.getValue().encode();
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /**
     * Restores what {@link #save} wrote.
     *
     * @param block the model, initialized
     * @param manager the manager that will own the average (the parameters' manager)
     * @param in the stream
     * @throws IOException on read errors or if the average does not fit the block
     */
    public void load(Block block, NDManager manager, DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported weight average version " + version);
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        long count = in.readLong();
        int seen = in.readInt();
        int n = in.readInt();
        Map<String, NDArray> restored = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter p = byName.get(name);
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            if (p == null) {
                restored.values().forEach(NDArray::close);
                throw new IOException("the weight average names parameter '" + name + "', which the model does not"
                        + " have");
            }
            NDArray a = NDArray.decode(manager, b);
            NDArray w = p.getArray();
            if (w != null && !w.getShape().equals(a.getShape())) {
                a.close();
                restored.values().forEach(NDArray::close);
                throw new IOException("the weight average of parameter '" + name + "' has shape " + a.getShape()
                        + ", the model's " + w.getShape());
            }
            if (w != null) {
                a = a.toDevice(w.getDevice(), false);
                a.attach(manager);
            }
            restored.put(p.getId(), a);
        }
        average.values().forEach(NDArray::close);
        average.clear();
        average.putAll(restored);
        folds = count;
        epochs = seen;
        pending = false;
    }
}
