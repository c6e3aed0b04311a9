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
 * Keeps an exponential moving average of a model's parameters over the optimizer's updates, as
 * PyTorch's {@code AveragedModel} with an EMA function updated after every {@code
 * optimizer.step()}: the first update copies the parameters, every later one sets {@code avg +=
 * (1 - decay) (w - avg)}. The listeners given to the constructor (typically an {@link
 * EvaluationListener} and a {@link BestParametersListener}) run their {@code onEpoch} with the
 * averaged parameters in the model, which are then put back, so that evaluation, the best model and
 * anything they save use the average while training goes on with the raw parameters. Add this
 * listener in their place, before a checkpoint listener.
 *
 * <p>{@code EasyTrain} calls {@code onTrainingBatch} after a batch's backward pass and before
 * {@code Trainer.step()}: the listener folds the parameters of an update into the average at the
 * next batch's {@code onTrainingBatch} or at {@code onEpoch}, so that after every epoch the average
 * holds every update of it. {@link #averagedWeights(Block)} swaps the average in for other uses
 * (evaluation after training); {@link #save}/{@link #load} keep it in a checkpoint, so that a
 * resumed run averages exactly as an uninterrupted one. Parameters are swapped by copying in place,
 * which keeps the arrays (and any view of them an optimizer holds).
 */
public final class EmaWeightsListener extends TrainingListenerAdapter {

    private static final int VERSION = 1;

    private final float decay;
    private final List<TrainingListener> withAverage;
    private final Map<String, NDArray> average = new HashMap<>();
    private long updates;
    private boolean pending;

    /**
     * Creates the listener.
     *
     * @param decay the weight of the previous average, in [0, 1)
     * @param withAverage listeners whose {@code onEpoch} runs with the averaged parameters (their
     *     other events are passed on unchanged)
     * @throws IllegalArgumentException if the decay is outside [0, 1)
     */
    public EmaWeightsListener(float decay, TrainingListener... withAverage) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EmaWeightsListener: the decay must lie in [0, 1), got " + decay);
        }
        this.decay = decay;
        this.withAverage = List.of(withAverage);
    }

    /**
     * Returns the number of updates folded into the average.
     *
     * @return the count
     */
    public long updates() {
        return updates;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        withAverage.forEach(l -> l.onTrainingBegin(trainer));
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (pending) {
            fold(trainer.getModel().getBlock());
        }
        // EasyTrain updates the parameters after this call
        pending = true;
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
        if (pending) {
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
     * Folds the block's current parameters into the average (the first call copies them).
     *
     * @param block the model
     */
    public void fold(Block block) {
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
                    avg.addi(w.sub(avg).muli(1 - decay));
                }
            }
        }
        updates++;
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
     * Writes the average and the update count, keyed by the parameters' paths in the block.
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
        out.writeLong(updates);
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
        updates = count;
        pending = false;
    }
}
