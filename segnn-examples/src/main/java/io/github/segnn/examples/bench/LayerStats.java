// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.djl.model.MessagePassing;
import io.github.segnn.djl.model.Segnn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What one message-passing layer of the QM9 bench model costs besides time: the NDArrays its forward
 * pass makes (one per NDArray operation, a split one per piece: a proxy for the operation count) and
 * the bytes it leaves alive for the backward pass (its output and what autograd saved), measured as
 * the growth of the resident set over a forward pass with gradients on, after the pass's
 * temporaries are closed. The same for the whole model's forward pass.
 *
 * <p>The resident set counts freed memory that the allocator keeps, so the bytes are exact only when
 * glibc returns every large block at once: {@code MALLOC_MMAP_THRESHOLD_=65536} (every array over
 * 64 KiB its own mapping, unmapped when freed). {@link #reliable()} says whether that is so; the
 * {@code ./segnn} launcher's default (256 MiB) keeps freed blocks and makes the figure a lower bound.
 */
final class LayerStats {

    /** The largest mmap threshold (bytes) under which the resident-set deltas count live arrays. */
    private static final long RELIABLE_THRESHOLD = 1 << 20;

    private LayerStats() {}

    /** One measured forward pass: arrays made and megabytes left alive for the backward pass. */
    record Pass(String name, int arrays, long keptMegabytes) {}

    /**
     * Measures the first message-passing layer and the whole model on the bench batch (model initialized).
     *
     * @param m the bench's manager
     * @param batch the QM9 bench batch
     * @return the layer's pass, then the model's
     */
    static List<Pass> measure(NDManager m, Qm9LikeBatch batch) {
        Segnn model = batch.model();
        MessagePassing layer = model.getLayers().get(0);
        List<Pass> out = new ArrayList<>();
        out.add(pass(m, "one layer forward (" + layer.getClass().getSimpleName() + ", E=" + batch.edges() + ")", layer,
                () -> {
                    NDList in = new NDList(batch.inputs());
                    NDArray x = in.get(GraphBatch.NODE_FEATURES);
                    in.set(GraphBatch.NODE_FEATURES, BenchCommand.randn(m, 11, x.getShape().get(0),
                            model.getHiddenIrreps().dim()));
                    return in;
                }));
        out.add(pass(m, "model forward (" + model.getNumLayers() + " layers)", model, batch::inputs));
        return out;
    }

    /** Whether the allocator returns freed arrays at once, so that the deltas count live bytes. */
    static boolean reliable() {
        String v = System.getenv("MALLOC_MMAP_THRESHOLD_");
        try {
            return v != null && Long.parseLong(v.trim()) <= RELIABLE_THRESHOLD;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Pass pass(NDManager m, String name, Block block, Supplier<NDList> inputs) {
        int arrays = 0;
        long kept = 0;
        for (int run = 0; run < 2; run++) { // the first run makes the constants and caches
            try (NDManager sub = m.newSubManager()) {
                NDList in = new NDList();
                for (NDArray x : inputs.get()) {
                    NDArray d = x.duplicate();
                    d.attach(sub);
                    in.add(d);
                }
                ParameterStore ps = new ParameterStore(sub, false);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    int before = sub.getManagedArrays().size();
                    long rss = PeakRss.currentMegabytes();
                    NDArray y;
                    try (NDScope scope = new NDScope()) {
                        y = block.forward(ps, in, true).singletonOrThrow();
                        arrays = sub.getManagedArrays().size() - before;
                        NDScope.unregister(y);
                    }
                    kept = PeakRss.currentMegabytes() - rss;
                    gc.backward(y.sum());
                }
            }
        }
        return new Pass(name, arrays, kept);
    }

    /**
     * Formats the passes as table lines.
     *
     * @param passes the measured passes
     * @return the lines
     */
    static String format(List<Pass> passes) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-45s | %13s | %s |%n", "qm9 forward pass, gradients on", "NDArrays made",
                "MB kept for backward" + (reliable() ? "" : " (lower bound: set MALLOC_MMAP_THRESHOLD_=65536)")));
        for (Pass p : passes) {
            sb.append(String.format(Locale.ROOT, "| %-45s | %13d | %d |%n", p.name(), p.arrays(), p.keptMegabytes()));
        }
        return sb.toString();
    }
}
