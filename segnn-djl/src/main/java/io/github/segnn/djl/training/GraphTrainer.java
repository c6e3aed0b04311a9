// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A DJL {@link Trainer} for graph models that {@code EasyTrain.fit} drives as any other, with three
 * differences, all behind {@code Trainer}'s own methods:
 *
 * <ul>
 *   <li><b>Joined update.</b> When the optimizer is a {@link ResumableAdam} (which needs all
 *       devices to be one, possibly repeated), {@link #step()} updates every parameter at once
 *       ({@link ResumableAdam#updateAll}, about ten operations on all parameters instead of twelve
 *       per parameter), with the same arithmetic as DJL's per-parameter route, which other
 *       optimizers take. DJL's one-time check
 *       that the gradients are not all zero is left out (it reads a float32 value and fails on
 *       float64 models).
 *   <li><b>Parallel parts on one device.</b> The training configuration may list the same device
 *       several times ({@code optDevices(new Device[] {cpu, cpu})}): {@link #getDevices()} returns
 *       the list as given, so {@code EasyTrain} splits each batch into that many parts (a
 *       {@link io.github.segnn.djl.dataset.GraphDatasetBatch} cuts it into whole graphs), while
 *       DJL's parameter store, which refuses duplicates, gets each device once: all parts share the
 *       parameters and their gradients add up in them. With an executor
 *       ({@code optExecutorService}) the parts run at once; on the CPU give them libtorch's
 *       threads between them ({@code JniUtils.setNumThreads}): small parts on few threads keep
 *       the cores busier than one batch on all of them (measured in BENCHMARKS.md). The loss
 *       should be a {@link SplitWeightedLoss} (the constructor wraps it) so that the parts'
 *       gradients add up to the batch's.
 *   <li><b>Waiting for the parts.</b> DJL 0.29's {@code EasyTrain.trainBatch} submits the parts to
 *       the executor without waiting for them, and PyTorch records gradients only on threads that
 *       enabled it: the gradient collector of this trainer waits for every submitted part when it
 *       is closed (and rethrows a part's failure), and a part's thread records gradients from its
 *       forward pass to its backward pass. Outside a training batch {@link #getExecutorService()}
 *       is empty, so that validation (whose parts DJL does not wait for either) runs in order.
 * </ul>
 *
 * <p>{@link #getBatchLoss()} is the loss of the last training batch (the sum of its parts'
 * weighted losses), for listeners. Blocks whose forward pass updates state (a batch norm's running
 * statistics) must not be trained with more than one part.
 */
public class GraphTrainer extends Trainer {

    private final Device[] devices;
    private final Optimizer optimizer;
    private final boolean oneDevice;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final ThreadLocal<Boolean> gradModeBefore = new ThreadLocal<>();
    private final ThreadLocal<NDManager> partManager = new ThreadLocal<>();
    private PartsCollector collecting;
    private double batchLoss = Double.NaN;

    /**
     * Creates a trainer.
     *
     * @param model the model
     * @param config the training configuration; its loss is wrapped in a {@link SplitWeightedLoss}
     *     unless it is one, and its device list may repeat a device
     */
    public GraphTrainer(Model model, TrainingConfig config) {
        super(model, new DistinctDevices(config));
        devices = config.getDevices().clone();
        optimizer = config.getOptimizer();
        oneDevice = new LinkedHashSet<>(Arrays.asList(devices)).size() == 1;
        if (!oneDevice && optimizer instanceof ResumableAdam) {
            throw new IllegalArgumentException("GraphTrainer: ResumableAdam keeps one set of moments per parameter and"
                    + " cannot update copies on several devices " + Arrays.toString(devices) + "; list one device (it"
                    + " may be repeated for parallel parts) or use one of DJL's optimizers");
        }
        ExecutorService es = config.getExecutorService();
        executor = es == null ? null : new TrackingExecutor(es);
    }

    /**
     * Returns the devices as configured, repeats included: {@code EasyTrain} splits each batch into
     * one part per entry.
     *
     * @return the devices
     */
    @Override
    public Device[] getDevices() {
        // null while DJL's constructor notifies the listeners, before this class's fields are set
        return devices == null ? super.getDevices() : devices.clone();
    }

    /**
     * Returns the executor of the parts while a training batch's gradients are collected, else
     * nothing (see the class comment).
     *
     * @return the executor, or empty
     */
    @Override
    public Optional<ExecutorService> getExecutorService() {
        if (lock == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            return collecting != null && executor != null ? Optional.of(executor) : Optional.empty();
        }
    }

    /** {@inheritDoc} */
    @Override
    public GradientCollector newGradientCollector() {
        PartsCollector c = new PartsCollector(super.newGradientCollector(), Thread.currentThread());
        synchronized (lock) {
            collecting = c;
        }
        return c;
    }

    /**
     * Runs the forward pass of a training part; on a part's own thread it first enables PyTorch's
     * gradient recording, which is a per-thread setting. During a training batch the part computes
     * on views of its inputs in a manager of its own, which its backward pass closes (on the part's
     * thread); the predictions are kept with the inputs for the listeners.
     *
     * @param data the inputs
     * @param labels the labels
     * @return the predictions
     */
    @Override
    public NDList forward(NDList data, NDList labels) {
        PartsCollector c;
        synchronized (lock) {
            c = collecting;
        }
        if (c != null && Thread.currentThread() != c.owner) {
            gradModeBefore.set(JniUtils.isGradMode());
            JniUtils.setGradMode(true);
        }
        if (c == null) {
            return super.forward(data, labels);
        }
        c.forwardStarted();
        // the part computes on views of its inputs in a manager of its own, where the results of its
        // operations go (DJL attaches them to the receiver's manager); the backward pass closes it on
        // the part's thread, freeing the part's intermediate arrays (about a thousand per N-body step)
        // there instead of with the batch on the calling thread while the other parts wait
        NDManager split = data.head().getManager();
        NDManager part = split.newSubManager();
        try {
            NDList views = new NDList(data.size());
            for (NDArray a : data) {
                NDArray v = a.reshape(a.getShape());
                v.setName(a.getName());
                v.attach(part);
                views.add(v);
            }
            NDList pred = super.forward(views, labels);
            pred.attach(split);
            partManager.set(part);
            return pred;
        } catch (RuntimeException | Error e) {
            part.close();
            c.fail(e);
            throw e;
        }
    }

    /**
     * Updates the parameters: all at once when the optimizer is a {@link ResumableAdam} and the
     * devices are one, else through DJL's parameter server, parameter by parameter.
     */
    @Override
    public void step() {
        if (oneDevice && optimizer instanceof ResumableAdam) {
            long begin = System.nanoTime();
            ((ResumableAdam) optimizer).updateAll(getModel().getBlock());
            addMetric("step", begin);
        } else {
            super.step();
        }
    }

    /**
     * Returns the loss of the last training batch, the sum of its parts' (weighted) losses.
     *
     * @return the loss, NaN before the first batch
     */
    public double getBatchLoss() {
        synchronized (lock) {
            return batchLoss;
        }
    }

    /**
     * Returns the optimizer of the training configuration.
     *
     * @return the optimizer
     */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /** Collects the gradients of a batch's parts and waits for all of them when closed. */
    private final class PartsCollector implements GradientCollector {
        private final GradientCollector inner;
        private final Thread owner;
        private int forwards;
        private int backwards;
        private double loss;
        private Throwable failure;

        PartsCollector(GradientCollector inner, Thread owner) {
            this.inner = inner;
            this.owner = owner;
        }

        void forwardStarted() {
            synchronized (lock) {
                forwards++;
            }
        }

        void fail(Throwable t) {
            synchronized (lock) {
                if (failure == null) {
                    failure = t;
                }
            }
        }

        @Override
        public void backward(NDArray target) {
            try {
                inner.backward(target);
                double value = target.toType(DataType.FLOAT64, false).getDouble();
                synchronized (lock) {
                    loss += value;
                    backwards++;
                }
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            } finally {
                NDManager part = partManager.get();
                if (part != null) {
                    part.close();
                    partManager.remove();
                }
                Boolean before = gradModeBefore.get();
                if (before != null && Thread.currentThread() != owner) {
                    JniUtils.setGradMode(before);
                    gradModeBefore.remove();
                }
            }
        }

        @Override
        public void zeroGradients() {
            inner.zeroGradients();
        }

        @Override
        public void close() {
            Throwable f;
            try {
                if (executor != null) {
                    ((TrackingExecutor) executor).awaitIdle();
                }
            } finally {
                synchronized (lock) {
                    collecting = null;
                    f = failure;
                    if (f == null && forwards != backwards) {
                        f = new IllegalStateException("GraphTrainer: " + (forwards - backwards) + " of " + forwards
                                + " parts of the batch computed predictions but no loss gradient");
                    }
                    batchLoss = f == null ? loss : Double.NaN;
                }
                inner.close();
            }
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            if (f != null) {
                throw new IllegalStateException(f.getMessage(), f);
            }
        }
    }

    /** An executor that counts the tasks it was given and can wait until all are done. */
    private static final class TrackingExecutor extends AbstractExecutorService {
        private final ExecutorService delegate;
        private final Object idle = new Object();
        private int pending;

        TrackingExecutor(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            synchronized (idle) {
                pending++;
            }
            try {
                delegate.execute(() -> {
                    try {
                        command.run();
                    } finally {
                        done();
                    }
                });
            } catch (RuntimeException e) {
                done();
                throw e;
            }
        }

        private void done() {
            synchronized (idle) {
                pending--;
                idle.notifyAll();
            }
        }

        void awaitIdle() {
            synchronized (idle) {
                while (pending > 0) {
                    try {
                        idle.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the parts of a batch", e);
                    }
                }
            }
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }

    /** A training configuration with each device once and the loss weighted per split. */
    private static final class DistinctDevices implements TrainingConfig {
        private final TrainingConfig config;
        private final Device[] distinct;
        private final Loss loss;

        DistinctDevices(TrainingConfig config) {
            this.config = config;
            Device[] all = config.getDevices();
            if (all == null || all.length == 0) {
                throw new IllegalArgumentException("GraphTrainer: the training configuration lists no device");
            }
            distinct = new LinkedHashSet<>(Arrays.asList(all)).toArray(new Device[0]);
            Loss l = config.getLossFunction();
            loss = l == null || l instanceof SplitWeightedLoss ? l : new SplitWeightedLoss(l);
        }

        @Override
        public Device[] getDevices() {
            return distinct.clone();
        }

        @Override
        public PairList<Initializer, Predicate<ai.djl.nn.Parameter>> getInitializers() {
            return config.getInitializers();
        }

        @Override
        public Optimizer getOptimizer() {
            return config.getOptimizer();
        }

        @Override
        public Loss getLossFunction() {
            return loss;
        }

        @Override
        public ExecutorService getExecutorService() {
            return config.getExecutorService();
        }

        @Override
        public List<Evaluator> getEvaluators() {
            return config.getEvaluators();
        }

        @Override
        public List<TrainingListener> getTrainingListeners() {
            return config.getTrainingListeners();
        }
    }
}
