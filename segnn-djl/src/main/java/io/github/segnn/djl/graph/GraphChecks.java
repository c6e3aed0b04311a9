// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.segnn.djl.internal.GraphCheckScope;

/**
 * Cheap structural checks on the graph inputs of a Block, run at the entry of the models' forward
 * passes ({@code Segnn}, {@code Egnn}, {@code NbodyModel}) and by {@link GraphBatch#validate()}:
 * edge indices within {@code [0, N)} (so never negative), no edge joining two graphs, node counts
 * that are non-negative and sum to {@code N}, a graph index within {@code [0, G)} that agrees with
 * them (and, for a {@link GraphBatch}, is sorted),
 * and floating-point inputs of the data type of the Block's parameters (a float64 batch given to a
 * float32 model). Every message names the Block and the input at fault, where libtorch would
 * report an index error deep inside a kernel, or nothing at all.
 *
 * <p>The checks copy {@code edgeIndex}, {@code graphIndex} and {@code nodeCounts} to the host once
 * per forward pass (on a GPU, one synchronization); a model that checks its inputs and then runs a
 * {@code Segnn} or {@code Egnn} on the same index arrays runs it without a second check. They are on by default; turn them off for speed
 * with the system property {@code -Dsegnn.graphChecks=false} or {@link #setEnabled(boolean)}.
 * Shapes and irreps widths are checked by the Blocks themselves, always.
 */
public final class GraphChecks {

    /** The system property that turns the checks off when set to {@code false}. */
    public static final String PROPERTY = "segnn.graphChecks";

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));

    private GraphChecks() {}

    /**
     * Returns whether the value checks run.
     *
     * @return true unless turned off
     */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns the checks on or off for the whole JVM (the default comes from {@link #PROPERTY}).
     *
     * @param on whether to check
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Checks a Block's graph inputs: the data type of {@code x} against the Block's parameters, the
     * edge indices against the node count, and, where given, the graph membership of nodes and
     * edges. Does nothing when the checks are off, or inside a model that has checked the same graph
     * (a nested forward pass).
     *
     * @param block the Block (its parameters give the expected floating-point type)
     * @param name the Block's name for messages
     * @param x a node-level input {@code (N, ...)} (features or positions): gives {@code N} and the
     *     data type
     * @param edgeIndex {@code (2, E)} integer, row 0 source, row 1 target
     * @param graphIndex {@code (N,)} the graph of each node, or null if the Block takes none
     * @param nodeCounts {@code (G,)} the nodes of each graph, or null if the Block takes none
     * @throws IllegalArgumentException naming the Block, the input and the fault
     */
    public static void check(Block block, String name, NDArray x, NDArray edgeIndex, NDArray graphIndex,
            NDArray nodeCounts) {
        if (!enabled || GraphCheckScope.isActive()) {
            return;
        }
        String who = name + ": ";
        if (x.getShape().dimension() < 1) {
            throw new IllegalArgumentException(who + "input 'x' must have a row per node, got shape " + x.getShape());
        }
        DataType model = parameterType(block);
        if (model != null && x.getDataType().isFloating() && x.getDataType() != model) {
            throw new IllegalArgumentException(who + "input 'x' is " + x.getDataType() + " but the model's parameters are "
                    + model + "; convert the inputs with toType(DataType." + model.name() + ", false) or initialize"
                    + " the model in " + x.getDataType());
        }
        if (edgeIndex.getShape().dimension() != 2 || edgeIndex.getShape().get(0) != 2) {
            throw new IllegalArgumentException(who + "input 'edgeIndex' must be (2, E), got shape " + edgeIndex.getShape());
        }
        if (!edgeIndex.getDataType().isInteger()) {
            throw new IllegalArgumentException(who + "input 'edgeIndex' must be an integer array, got "
                    + edgeIndex.getDataType());
        }
        long n = x.getShape().get(0);
        long[] counts = nodeCounts == null ? null : longs(nodeCounts);
        long[] gi = graphIndex == null ? null : longs(graphIndex);
        if (gi != null && gi.length != n) {
            throw new IllegalArgumentException(who + "input 'graphIndex' has " + gi.length + " entries but x has N = "
                    + n + " rows");
        }
        indices(who, "x", n, counts, gi, longs(edgeIndex), false);
    }

    /**
     * The value checks on the index arrays, shared by {@link #check} and {@link GraphBatch#validate()}.
     *
     * @param who the prefix of messages (the Block or class and a colon)
     * @param nodes the name of the node-level array that gives N, for messages
     * @param n the number of nodes
     * @param counts the nodes of each graph, or null to skip the graph checks
     * @param gi the graph of each node ({@code n} entries), or null to skip the graph checks
     * @param ei the edge index, row 0 then row 1 ({@code 2 E} entries)
     * @param sorted whether {@code gi} must be sorted (a {@link GraphBatch}'s contract; the Blocks
     *     accept nodes in any order, which a node permutation produces)
     * @throws IllegalArgumentException naming the array at fault
     */
    static void indices(String who, String nodes, long n, long[] counts, long[] gi, long[] ei, boolean sorted) {
        if (counts != null) {
            long sum = 0;
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] < 0) {
                    fail(who, "nodeCounts[" + k + "] = " + counts[k] + " is negative");
                }
                sum += counts[k];
            }
            if (sum != n) {
                fail(who, "nodeCounts sum to " + sum + " but " + nodes + " has N = " + n + " rows");
            }
        }
        if (gi != null && counts != null) {
            long g = counts.length;
            long[] seen = new long[counts.length];
            for (int v = 0; v < gi.length; v++) {
                if (gi[v] < 0 || gi[v] >= g) {
                    fail(who, "graphIndex[" + v + "] = " + gi[v] + " is out of range [0, G = " + g + ")");
                }
                if (sorted && v > 0 && gi[v] < gi[v - 1]) {
                    fail(who, "graphIndex must be sorted (nodes of each graph contiguous), but graphIndex[" + v + "] = "
                            + gi[v] + " follows " + gi[v - 1]);
                }
                seen[(int) gi[v]]++;
            }
            for (int k = 0; k < g; k++) {
                if (seen[k] != counts[k]) {
                    fail(who, "graphIndex gives graph " + k + " " + seen[k] + " nodes but nodeCounts[" + k + "] = "
                            + counts[k]);
                }
            }
        }
        int e = ei.length / 2;
        for (int k = 0; k < 2 * e; k++) {
            if (ei[k] < 0 || ei[k] >= n) {
                fail(who, "edgeIndex[" + (k / e) + "][" + (k % e) + "] = " + ei[k] + " is out of range [0, N = " + n
                        + ")");
            }
        }
        if (gi != null) {
            for (int k = 0; k < e; k++) {
                long gs = gi[(int) ei[k]];
                long gt = gi[(int) ei[e + k]];
                if (gs != gt) {
                    fail(who, "edge " + k + " joins node " + ei[k] + " of graph " + gs + " to node " + ei[e + k]
                            + " of graph " + gt);
                }
            }
        }
    }

    private static long[] longs(NDArray a) {
        return a.getDataType() == DataType.INT64 ? a.toLongArray() : a.toType(DataType.INT64, false).toLongArray();
    }

    /** The data type of the first initialized parameter, depth first; null if none is initialized. */
    private static DataType parameterType(Block block) {
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.isInitialized()) {
                return p.getArray().getDataType();
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            DataType t = parameterType(child.getValue());
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static void fail(String who, String message) {
        throw new IllegalArgumentException(who + message);
    }
}
