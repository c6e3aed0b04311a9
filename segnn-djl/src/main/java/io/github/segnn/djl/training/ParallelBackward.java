// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.github.segnn.djl.ops.Scalars;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Forward and backward passes of the parts of one batch on parallel CPU threads (data parallelism
 * on one device), accumulating into the parameters' gradients the gradient of the batch's loss,
 * taken as the weighted sum of the parts' losses. The arrays a part creates are freed on its thread
 * when it is done; its inputs stay with their manager. A caller then updates the parameters once, as
 * after a single backward pass. It is meant for the CPU: give the parts PyTorch's intra-op threads
 * between them (one each on a 2-core machine). The parts only meet once per step, where intra-op
 * threads meet at the end of every operation; on the 2-core development machine two parts of one
 * thread each ran an N-body SEGNN training step about 10% faster than the whole batch on two threads
 * (BENCHMARKS.md).
 *
 * <p>PyTorch's autograd accumulates gradients into a parameter under a lock, so parts may finish
 * in any order; the result equals the single-batch gradient up to the order of floating-point
 * additions. DJL allows one {@code GradientCollector} at a time, so each thread enables gradient
 * recording (a per-thread PyTorch setting) and runs the backward pass itself. Blocks whose forward
 * pass updates state (running statistics of a batch norm) must not be used with more than one part.
 * With two parts the gradients are also bit-reproducible (floating-point addition is commutative);
 * with more, they may differ in the last bits from run to run, as the parts finish in any order.
 */
public final class ParallelBackward implements AutoCloseable {

    private final ExecutorService pool;
    private final int threads;

    /** One part of a batch: its inputs, labels and weight in the batch loss (its share of the samples). */
    public record Part(NDList data, NDList labels, double weight) {}

    /**
     * Creates the thread pool.
     *
     * @param threads the number of parts run at once, at least 1
     */
    public ParallelBackward(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ParallelBackward: threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "segnn-parallel-backward");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Returns the number of threads.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /**
     * Runs forward and backward on every part, in parallel, and returns the batch loss
     * {@code sum_k weight_k * loss_k}. Gradients accumulate into the parameters.
     *
     * @param block the model
     * @param ps its parameter store (shared: parameters are read, never written, here)
     * @param loss the loss
     * @param parts the parts of the batch
     * @return the weighted loss of the batch
     */
    public double run(Block block, ParameterStore ps, Loss loss, List<Part> parts) {
        return run((data, labels) -> block.forward(ps, data, true), loss, parts);
    }

    /**
     * Runs forward and backward on every part, in parallel, with a forward function such as
     * {@code trainer::forward} (DJL's {@code Trainer.forward(data, labels)}, which uses the
     * trainer's parameter store), and returns the batch loss {@code sum_k weight_k * loss_k}.
     *
     * @param forward computes the predictions of a part from its data and labels, recording gradients
     * @param loss the loss
     * @param parts the parts of the batch
     * @return the weighted loss of the batch
     */
    public double run(BiFunction<NDList, NDList, NDList> forward, Loss loss, List<Part> parts) {
        List<Future<Double>> futures = new ArrayList<>(parts.size());
        for (Part p : parts) {
            futures.add(pool.submit(() -> runPart(forward, loss, p)));
        }
        double total = 0;
        try {
            for (Future<Double> f : futures) {
                total += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the parts of a batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        }
        return total;
    }

    private static double runPart(BiFunction<NDList, NDList, NDList> forward, Loss loss, Part p) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDManager sub = p.data().head().getManager().newSubManager()) {
            // the part works on views of its inputs in a manager of its own, where the results of
            // operations go (DJL attaches them to the receiver's manager): closing it frees every array
            // the part created (about a thousand per N-body step) on the part's thread, not with the
            // batch on the caller's thread while the other parts wait (6% of an epoch's time)
            NDList pred = forward.apply(views(p.data(), sub), views(p.labels(), sub));
            pred.attach(sub);
            NDArray l = loss.evaluate(p.labels(), pred);
            l.attach(sub);
            NDArray weighted = Scalars.mul(l, p.weight());
            NDArray seed = sub.ones(weighted.getShape(), weighted.getDataType(), weighted.getDevice());
            JniUtils.backward((PtNDArray) weighted, (PtNDArray) seed, false, false);
            return p.weight() * l.toType(DataType.FLOAT64, false).getDouble();
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    /** Views of arrays (no copies), attached to a manager. */
    private static NDList views(NDList arrays, NDManager manager) {
        NDList out = new NDList(arrays.size());
        for (NDArray a : arrays) {
            NDArray v = a.reshape(a.getShape());
            v.attach(manager);
            out.add(v);
        }
        return out;
    }

    /** Stops the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
