// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw (not featurized) batch of graphs held as NDArrays: node positions and features, edges, the
 * graph of each node and the size of each graph, plus optional named node-, edge- or graph-level
 * arrays (charges, targets, velocities...). Immutable: every operation returns a new batch; the
 * arrays belong to the managers they were created in.
 *
 * <ul>
 *   <li>{@code positions (N, 3)} floating point (irreps {@code 1x1o} up to a translation).
 *   <li>{@code nodeFeatures (N, F)} ({@code F} may be 0).
 *   <li>{@code edgeIndex (2, E)} int64: row 0 = source {@code j}, row 1 = target {@code i};
 *       messages flow {@code j -> i} (PyG convention, see {@link Graphs}).
 *   <li>{@code graphIndex (N,)} int64: the graph of each node, sorted, so the nodes of each graph
 *       are contiguous and graphs follow each other in order.
 *   <li>{@code nodeCounts (G,)} int64: the number of nodes of each graph.
 *   <li>extras: arrays whose axis 0 has {@code N} (NODE), {@code E} (EDGE) or {@code G} (GRAPH)
 *       rows, in insertion order.
 * </ul>
 *
 * <p><b>NDList layout</b> ({@link #toNDList()}, {@link #fromNDList(NDList)}, and the records and
 * batches of {@link GraphBatchifier}): index 0 {@code positions}, 1 {@code nodeFeatures}, 2
 * {@code edgeIndex}, 3 {@code graphIndex}, 4 {@code nodeCounts}, then one array per extra. Each
 * array is named: the five fixed ones by the names above, extras {@code "node:NAME"},
 * {@code "edge:NAME"} or {@code "graph:NAME"}, which is how {@link #fromNDList(NDList)} recovers an
 * extra's name and level. Construction sets these names on the arrays it is given.
 *
 * <p><b>Validation.</b> Construction always checks ranks, widths, data types and row counts (from
 * shapes only). Unless turned off, it also checks values, which copies the arrays to the host once:
 * edge indices within {@code [0, N)} and never joining two graphs, {@code graphIndex} sorted and
 * consistent with {@code nodeCounts}, and no NaN or infinite value in {@code positions},
 * {@code nodeFeatures} or a floating-point extra. Every message names the array at fault.
 */
public final class GraphBatch {

    /** Where an extra array's rows live. */
    public enum Level {
        /** One row per node ({@code N}). */
        NODE,
        /** One row per edge ({@code E}). */
        EDGE,
        /** One row per graph ({@code G}). */
        GRAPH;

        String prefix() {
            return name().toLowerCase(Locale.ROOT) + ":";
        }
    }

    /** Index of {@code positions} in the NDList layout. */
    public static final int POSITIONS = 0;
    /** Index of {@code nodeFeatures} in the NDList layout. */
    public static final int NODE_FEATURES = 1;
    /** Index of {@code edgeIndex} in the NDList layout. */
    public static final int EDGE_INDEX = 2;
    /** Index of {@code graphIndex} in the NDList layout. */
    public static final int GRAPH_INDEX = 3;
    /** Index of {@code nodeCounts} in the NDList layout. */
    public static final int NODE_COUNTS = 4;
    /** Index of the first extra in the NDList layout. */
    public static final int FIRST_EXTRA = 5;

    private static final String[] FIXED_NAMES = {"positions", "nodeFeatures", "edgeIndex", "graphIndex", "nodeCounts"};

    private final NDArray positions;
    private final NDArray nodeFeatures;
    private final NDArray edgeIndex;
    private final NDArray graphIndex;
    private final NDArray nodeCounts;
    private final Map<String, Extra> extras;

    private record Extra(Level level, NDArray array) {}

    private GraphBatch(NDArray positions, NDArray nodeFeatures, NDArray edgeIndex, NDArray graphIndex,
            NDArray nodeCounts, Map<String, Extra> extras, boolean validateValues) {
        this.positions = positions;
        this.nodeFeatures = nodeFeatures;
        this.edgeIndex = edgeIndex;
        this.graphIndex = graphIndex;
        this.nodeCounts = nodeCounts;
        this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        checkShapes();
        positions.setName(FIXED_NAMES[POSITIONS]);
        nodeFeatures.setName(FIXED_NAMES[NODE_FEATURES]);
        edgeIndex.setName(FIXED_NAMES[EDGE_INDEX]);
        graphIndex.setName(FIXED_NAMES[GRAPH_INDEX]);
        nodeCounts.setName(FIXED_NAMES[NODE_COUNTS]);
        for (Map.Entry<String, Extra> e : this.extras.entrySet()) {
            e.getValue().array().setName(e.getValue().level().prefix() + e.getKey());
        }
        if (validateValues) {
            validate();
        }
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
     * Returns the number of nodes {@code N} (from the shape of {@code positions}).
     *
     * @return N
     */
    public long numNodes() {
        return positions.getShape().get(0);
    }

    /**
     * Returns the number of edges {@code E} (from the shape of {@code edgeIndex}).
     *
     * @return E
     */
    public long numEdges() {
        return edgeIndex.getShape().get(1);
    }

    /**
     * Returns the number of graphs {@code G} (from the shape of {@code nodeCounts}).
     *
     * @return G
     */
    public long numGraphs() {
        return nodeCounts.getShape().get(0);
    }

    /**
     * Returns the positions.
     *
     * @return {@code (N, 3)}
     */
    public NDArray positions() {
        return positions;
    }

    /**
     * Returns the node features.
     *
     * @return {@code (N, F)}
     */
    public NDArray nodeFeatures() {
        return nodeFeatures;
    }

    /**
     * Returns the edge index, row 0 sources, row 1 targets.
     *
     * @return {@code (2, E)} int64
     */
    public NDArray edgeIndex() {
        return edgeIndex;
    }

    /**
     * Returns the graph of each node.
     *
     * @return {@code (N,)} int64
     */
    public NDArray graphIndex() {
        return graphIndex;
    }

    /**
     * Returns the number of nodes of each graph.
     *
     * @return {@code (G,)} int64
     */
    public NDArray nodeCounts() {
        return nodeCounts;
    }

    /**
     * Returns the names of the extras, in insertion (and NDList) order.
     *
     * @return the names
     */
    public List<String> extraNames() {
        return List.copyOf(extras.keySet());
    }

    /**
     * Returns an extra array.
     *
     * @param name its name
     * @return the array
     * @throws IllegalArgumentException if there is no such extra
     */
    public NDArray extra(String name) {
        return find(name).array();
    }

    /**
     * Returns the level of an extra array.
     *
     * @param name its name
     * @return NODE, EDGE or GRAPH
     * @throws IllegalArgumentException if there is no such extra
     */
    public Level extraLevel(String name) {
        return find(name).level();
    }

    private Extra find(String name) {
        Extra e = extras.get(name);
        if (e == null) {
            throw new IllegalArgumentException("GraphBatch has no extra '" + name + "'; extras: " + extras.keySet());
        }
        return e;
    }

    /**
     * Returns the batch in the NDList layout described in the class comment (the arrays
     * themselves, not copies).
     *
     * @return {@code [positions, nodeFeatures, edgeIndex, graphIndex, nodeCounts, extras...]}
     */
    public NDList toNDList() {
        NDList list = new NDList(positions, nodeFeatures, edgeIndex, graphIndex, nodeCounts);
        for (Extra e : extras.values()) {
            list.add(e.array());
        }
        return list;
    }

    /**
     * Reads a batch from the NDList layout, recovering extras from their names, and validates it
     * (shapes and values).
     *
     * @param list {@code [positions, nodeFeatures, edgeIndex, graphIndex, nodeCounts, extras...]}
     * @return the batch
     * @throws IllegalArgumentException if the list is malformed
     */
    public static GraphBatch fromNDList(NDList list) {
        return fromNDList(list, true);
    }

    /**
     * Reads a batch from the NDList layout, recovering extras from their names.
     *
     * @param list {@code [positions, nodeFeatures, edgeIndex, graphIndex, nodeCounts, extras...]}
     * @param validateValues whether to check values too (one copy to the host)
     * @return the batch
     * @throws IllegalArgumentException if the list is malformed
     */
    public static GraphBatch fromNDList(NDList list, boolean validateValues) {
        if (list == null || list.size() < FIRST_EXTRA) {
            throw new IllegalArgumentException("GraphBatch.fromNDList: expected at least 5 arrays [positions, "
                    + "nodeFeatures, edgeIndex, graphIndex, nodeCounts, extras...], got "
                    + (list == null ? "null" : list.size()));
        }
        Map<String, Extra> extras = new LinkedHashMap<>();
        for (int k = FIRST_EXTRA; k < list.size(); k++) {
            NDArray a = list.get(k);
            String full = a.getName();
            Level level = null;
            String name = null;
            if (full != null) {
                for (Level l : Level.values()) {
                    if (full.startsWith(l.prefix()) && full.length() > l.prefix().length()) {
                        level = l;
                        name = full.substring(l.prefix().length());
                    }
                }
            }
            if (level == null) {
                throw new IllegalArgumentException("GraphBatch.fromNDList: array " + k + " is named '" + full
                        + "'; extras must be named 'node:NAME', 'edge:NAME' or 'graph:NAME'");
            }
            if (extras.put(name, new Extra(level, a)) != null) {
                throw new IllegalArgumentException("GraphBatch.fromNDList: extra '" + name + "' appears twice");
            }
        }
        return new GraphBatch(list.get(POSITIONS), list.get(NODE_FEATURES), list.get(EDGE_INDEX),
                list.get(GRAPH_INDEX), list.get(NODE_COUNTS), extras, validateValues);
    }

    /**
     * Concatenates batches into one: nodes, edges, graphs and extras follow each other in list
     * order; edge indices are shifted by the number of nodes before them and graph indices by the
     * number of graphs before them. Uses shapes only (no copy to the host). The result's arrays
     * belong to the manager of the first batch's arrays.
     *
     * @param batches at least one batch, all with the same extras (names, levels, order), the same
     *     node feature width and data types
     * @return the concatenated batch (the batch itself when the list has only one)
     * @throws IllegalArgumentException if the batches do not match
     */
    public static GraphBatch concat(List<GraphBatch> batches) {
        if (batches == null || batches.isEmpty()) {
            throw new IllegalArgumentException("GraphBatch.concat: no batch to concatenate");
        }
        GraphBatch first = batches.get(0);
        if (batches.size() == 1) {
            return first;
        }
        for (int b = 1; b < batches.size(); b++) {
            GraphBatch other = batches.get(b);
            if (!other.extraNames().equals(first.extraNames())) {
                throw new IllegalArgumentException("GraphBatch.concat: batch " + b + " has extras "
                        + other.extraNames() + " but batch 0 has " + first.extraNames());
            }
            for (String name : first.extraNames()) {
                if (other.extraLevel(name) != first.extraLevel(name)) {
                    throw new IllegalArgumentException("GraphBatch.concat: extra '" + name + "' is " + other.extraLevel(
                            name) + "-level in batch " + b + " but " + first.extraLevel(name) + "-level in batch 0");
                }
            }
            if (other.nodeFeatures.getShape().get(1) != first.nodeFeatures.getShape().get(1)) {
                throw new IllegalArgumentException("GraphBatch.concat: batch " + b + " has node feature width "
                        + other.nodeFeatures.getShape().get(1) + " but batch 0 has "
                        + first.nodeFeatures.getShape().get(1));
            }
        }
        NDList pos = new NDList();
        NDList feat = new NDList();
        NDList edges = new NDList();
        NDList graphs = new NDList();
        NDList counts = new NDList();
        long nodeOffset = 0;
        long graphOffset = 0;
        for (GraphBatch b : batches) {
            pos.add(b.positions);
            feat.add(b.nodeFeatures);
            edges.add(nodeOffset == 0 ? b.edgeIndex : b.edgeIndex.add(nodeOffset));
            graphs.add(graphOffset == 0 ? b.graphIndex : b.graphIndex.add(graphOffset));
            counts.add(b.nodeCounts);
            nodeOffset += b.numNodes();
            graphOffset += b.numGraphs();
        }
        Map<String, Extra> extras = new LinkedHashMap<>();
        for (String name : first.extraNames()) {
            NDList parts = new NDList();
            for (GraphBatch b : batches) {
                parts.add(b.extra(name));
            }
            extras.put(name, new Extra(first.extraLevel(name), NDArrays.concat(parts, 0)));
        }
        return new GraphBatch(NDArrays.concat(pos, 0), NDArrays.concat(feat, 0), NDArrays.concat(edges, 1),
                NDArrays.concat(graphs, 0), NDArrays.concat(counts, 0), extras, false);
    }

    /**
     * Returns the sub-batch of graphs {@code [from, to)}, renumbered from 0.
     *
     * @param from the first graph
     * @param to one past the last graph
     * @return the sub-batch
     */
    public GraphBatch graphs(int from, int to) {
        if (from < 0 || to < from || to > numGraphs()) {
            throw new IllegalArgumentException("GraphBatch.graphs: range [" + from + ", " + to + ") is not within [0, "
                    + numGraphs() + "]");
        }
        return new Partition(this).slice(from, to);
    }

    /**
     * Splits the batch into consecutive parts of {@code graphsPerPart} graphs (the last part may
     * have fewer), each renumbered from 0. Copies {@code nodeCounts}, {@code graphIndex} and
     * {@code edgeIndex} to the host once.
     *
     * @param graphsPerPart at least 1
     * @return the parts, in order; none for a batch without graphs
     */
    public List<GraphBatch> partition(int graphsPerPart) {
        if (graphsPerPart < 1) {
            throw new IllegalArgumentException("GraphBatch.partition: graphsPerPart must be >= 1, got " + graphsPerPart);
        }
        Partition p = new Partition(this);
        List<GraphBatch> out = new ArrayList<>();
        for (long g = 0; g < numGraphs(); g += graphsPerPart) {
            out.add(p.slice((int) g, (int) Math.min(numGraphs(), g + graphsPerPart)));
        }
        return out;
    }

    /** Host copies of the index arrays, to cut a batch into graph ranges. */
    private static final class Partition {
        private final GraphBatch batch;
        private final long[] nodeStart;
        private final long[] edgeGraph;
        private final long[] edgeTarget;

        Partition(GraphBatch batch) {
            this.batch = batch;
            long[] counts = batch.nodeCounts.toType(DataType.INT64, false).toLongArray();
            nodeStart = new long[counts.length + 1];
            for (int g = 0; g < counts.length; g++) {
                nodeStart[g + 1] = nodeStart[g] + counts[g];
            }
            long[] gi = batch.graphIndex.toType(DataType.INT64, false).toLongArray();
            long[] ei = batch.edgeIndex.toType(DataType.INT64, false).toLongArray();
            int e = (int) batch.numEdges();
            edgeTarget = new long[e];
            edgeGraph = new long[e];
            for (int k = 0; k < e; k++) {
                edgeTarget[k] = ei[e + k];
                if (edgeTarget[k] < 0 || edgeTarget[k] >= gi.length) {
                    check(false, "edgeIndex[1][" + k + "] = " + edgeTarget[k] + " is out of range [0, N = " + gi.length
                            + ")");
                }
                edgeGraph[k] = gi[(int) edgeTarget[k]];
            }
        }

        GraphBatch slice(int from, int to) {
            NDManager m = batch.positions.getManager();
            long n0 = nodeStart[from];
            long n1 = nodeStart[to];
            int count = 0;
            for (long g : edgeGraph) {
                if (g >= from && g < to) {
                    count++;
                }
            }
            long[] sel = new long[count];
            int k = 0;
            for (int e = 0; e < edgeGraph.length; e++) {
                if (edgeGraph[e] >= from && edgeGraph[e] < to) {
                    sel[k++] = e;
                }
            }
            NDArray selIdx = m.create(sel).toDevice(batch.edgeIndex.getDevice(), false);
            NDIndex nodes = new NDIndex("{}:{}", n0, n1);
            NDArray edges = count == 0 ? m.zeros(new Shape(2, 0), DataType.INT64).toDevice(batch.edgeIndex.getDevice(),
                    false) : batch.edgeIndex.get(new NDIndex(":, {}", selIdx)).sub(n0);
            Map<String, Extra> extras = new LinkedHashMap<>();
            for (Map.Entry<String, Extra> en : batch.extras.entrySet()) {
                NDArray a = en.getValue().array();
                NDArray part;
                switch (en.getValue().level()) {
                    case NODE:
                        part = a.get(nodes);
                        break;
                    case EDGE:
                        part = count == 0 ? a.get(new NDIndex("0:0")) : a.get(selIdx);
                        break;
                    default:
                        part = a.get(new NDIndex("{}:{}", from, to));
                        break;
                }
                extras.put(en.getKey(), new Extra(en.getValue().level(), part));
            }
            return new GraphBatch(batch.positions.get(nodes), batch.nodeFeatures.get(nodes), edges,
                    batch.graphIndex.get(nodes).sub(from), batch.nodeCounts.get(new NDIndex("{}:{}", from, to)),
                    extras, false);
        }
    }

    private void checkShapes() {
        check(positions != null && positions.getShape().dimension() == 2 && positions.getShape().get(1) == 3,
                "positions must be (N, 3), got " + shape(positions));
        check(positions.getDataType().isFloating(), "positions must be floating point, got " + positions.getDataType());
        long n = numNodes();
        check(nodeFeatures != null && nodeFeatures.getShape().dimension() == 2,
                "nodeFeatures must be (N, F), got " + shape(nodeFeatures));
        check(nodeFeatures.getShape().get(0) == n, "nodeFeatures has " + nodeFeatures.getShape().get(0)
                + " rows but positions has N = " + n);
        check(edgeIndex != null && edgeIndex.getShape().dimension() == 2 && edgeIndex.getShape().get(0) == 2,
                "edgeIndex must be (2, E) with row 0 = source and row 1 = target, got " + shape(edgeIndex));
        check(edgeIndex.getDataType() == DataType.INT64, "edgeIndex must be int64, got " + edgeIndex.getDataType());
        check(graphIndex != null && graphIndex.getShape().dimension() == 1, "graphIndex must be (N,), got "
                + shape(graphIndex));
        check(graphIndex.getShape().get(0) == n, "graphIndex has " + graphIndex.getShape().get(0)
                + " rows but positions has N = " + n);
        check(graphIndex.getDataType() == DataType.INT64, "graphIndex must be int64, got " + graphIndex.getDataType());
        check(nodeCounts != null && nodeCounts.getShape().dimension() == 1, "nodeCounts must be (G,), got "
                + shape(nodeCounts));
        check(nodeCounts.getDataType() == DataType.INT64, "nodeCounts must be int64, got " + nodeCounts.getDataType());
        for (Map.Entry<String, Extra> e : extras.entrySet()) {
            NDArray a = e.getValue().array();
            String what = e.getValue().level() + "-level extra '" + e.getKey() + "'";
            check(!e.getKey().isEmpty(), "an extra has an empty name");
            check(a != null && a.getShape().dimension() >= 1, what + " must have rank >= 1, got " + shape(a));
            long rows;
            String from;
            switch (e.getValue().level()) {
                case NODE:
                    rows = n;
                    from = "positions has N = ";
                    break;
                case EDGE:
                    rows = numEdges();
                    from = "edgeIndex has E = ";
                    break;
                default:
                    rows = numGraphs();
                    from = "nodeCounts has G = ";
                    break;
            }
            check(a.getShape().get(0) == rows, what + " has " + a.getShape().get(0) + " rows but " + from + rows);
        }
    }

    /**
     * Checks the values (one copy of every array to the host): edge indices in range and within a
     * graph, {@code graphIndex} sorted and consistent with {@code nodeCounts}, no NaN or infinity in
     * floating-point arrays.
     *
     * @throws IllegalArgumentException naming the array at fault
     */
    public void validate() {
        GraphChecks.indices("GraphBatch: ", FIXED_NAMES[POSITIONS], numNodes(), nodeCounts.toLongArray(),
                graphIndex.toLongArray(), edgeIndex.toLongArray(), true);
        finite(FIXED_NAMES[POSITIONS], positions);
        finite(FIXED_NAMES[NODE_FEATURES], nodeFeatures);
        for (Map.Entry<String, Extra> x : extras.entrySet()) {
            finite(x.getValue().level() + "-level extra '" + x.getKey() + "'", x.getValue().array());
        }
    }

    private static void finite(String what, NDArray a) {
        if (!a.getDataType().isFloating() || a.getShape().size() == 0) {
            return;
        }
        double[] v = a.toType(DataType.FLOAT64, false).toDoubleArray();
        long width = a.getShape().size() / Math.max(1, a.getShape().get(0));
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                check(false, what + " contains " + v[k] + " at row " + (k / width)
                        + (width > 1 ? ", column " + (k % width) : ""));
            }
        }
    }

    private static String shape(NDArray a) {
        return a == null ? "null" : a.getShape().toString();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("GraphBatch: " + message);
        }
    }

    /** Builder of {@link GraphBatch}. */
    public static final class Builder {
        private NDArray positions;
        private NDArray nodeFeatures;
        private NDArray edgeIndex;
        private NDArray graphIndex;
        private NDArray nodeCounts;
        private final Map<String, Extra> extras = new LinkedHashMap<>();
        private boolean validateValues = true;

        Builder() {}

        /**
         * Sets the positions (required).
         *
         * @param positions {@code (N, 3)} floating point
         * @return this Builder
         */
        public Builder setPositions(NDArray positions) {
            this.positions = positions;
            return this;
        }

        /**
         * Sets the node features (required; use an {@code (N, 0)} array for none).
         *
         * @param nodeFeatures {@code (N, F)}
         * @return this Builder
         */
        public Builder setNodeFeatures(NDArray nodeFeatures) {
            this.nodeFeatures = nodeFeatures;
            return this;
        }

        /**
         * Sets the edge index (required).
         *
         * @param edgeIndex {@code (2, E)} int64, row 0 sources, row 1 targets
         * @return this Builder
         */
        public Builder setEdgeIndex(NDArray edgeIndex) {
            this.edgeIndex = edgeIndex;
            return this;
        }

        /**
         * Sets the graph of each node and the size of each graph; default (neither set): a single
         * graph of all {@code N} nodes.
         *
         * @param graphIndex {@code (N,)} int64, sorted
         * @param nodeCounts {@code (G,)} int64
         * @return this Builder
         */
        public Builder optGraphs(NDArray graphIndex, NDArray nodeCounts) {
            this.graphIndex = graphIndex;
            this.nodeCounts = nodeCounts;
            return this;
        }

        /**
         * Adds a named node-level array.
         *
         * @param name a unique name
         * @param array {@code (N, ...)}
         * @return this Builder
         */
        public Builder addNodeExtra(String name, NDArray array) {
            return addExtra(name, Level.NODE, array);
        }

        /**
         * Adds a named edge-level array.
         *
         * @param name a unique name
         * @param array {@code (E, ...)}
         * @return this Builder
         */
        public Builder addEdgeExtra(String name, NDArray array) {
            return addExtra(name, Level.EDGE, array);
        }

        /**
         * Adds a named graph-level array.
         *
         * @param name a unique name
         * @param array {@code (G, ...)}
         * @return this Builder
         */
        public Builder addGraphExtra(String name, NDArray array) {
            return addExtra(name, Level.GRAPH, array);
        }

        /**
         * Adds a named array at the given level.
         *
         * @param name a unique, non-empty name
         * @param level where its rows live
         * @param array the array
         * @return this Builder
         */
        public Builder addExtra(String name, Level level, NDArray array) {
            if (name == null || name.isEmpty() || level == null) {
                throw new IllegalArgumentException("GraphBatch: an extra needs a non-empty name and a level");
            }
            if (extras.put(name, new Extra(level, array)) != null) {
                throw new IllegalArgumentException("GraphBatch: extra '" + name + "' was added twice");
            }
            return this;
        }

        /**
         * Sets whether {@link #build()} checks values as well as shapes; default true.
         *
         * @param validateValues whether to check values (one copy to the host)
         * @return this Builder
         */
        public Builder optValidateValues(boolean validateValues) {
            this.validateValues = validateValues;
            return this;
        }

        /**
         * Builds the batch.
         *
         * @return the batch
         * @throws IllegalArgumentException naming the array at fault
         */
        public GraphBatch build() {
            if (positions == null || nodeFeatures == null || edgeIndex == null) {
                throw new IllegalArgumentException("GraphBatch needs setPositions, setNodeFeatures and setEdgeIndex");
            }
            NDArray gi = graphIndex;
            NDArray nc = nodeCounts;
            if (gi == null && nc == null) {
                long n = positions.getShape().dimension() > 0 ? positions.getShape().get(0) : 0;
                NDManager m = positions.getManager();
                gi = m.zeros(new Shape(n), DataType.INT64).toDevice(positions.getDevice(), false);
                nc = m.create(new long[] {n}).toDevice(positions.getDevice(), false);
            } else if (gi == null || nc == null) {
                throw new IllegalArgumentException("GraphBatch: optGraphs needs both graphIndex and nodeCounts");
            }
            return new GraphBatch(positions, nodeFeatures, edgeIndex, gi, nc, extras, validateValues);
        }
    }
}
