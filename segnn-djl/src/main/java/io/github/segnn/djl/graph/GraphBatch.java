// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.djl.check.FeatureSlot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A batch of graphs held as NDArrays: node positions and features, edges, the graph of each node
 * and the size of each graph; for a featurized batch (what {@code Segnn}, {@code Egnn} and their
 * layers take) also node attributes, edge attributes and extra edge scalars; plus optional named
 * node-, edge- or graph-level arrays (charges, targets, velocities...). This is the one graph
 * contract of the library: datasets produce it, {@link GraphBatchifier} batches and splits it, and
 * models read it. Immutable: every operation returns a new batch; the arrays belong to the managers
 * they were created in.
 *
 * <ul>
 *   <li>{@code positions (N, 3)} floating point (irreps {@code 1x1o} up to a translation).
 *   <li>{@code nodeFeatures (N, F)} ({@code F} may be 0).
 *   <li>{@code edgeIndex (2, E)} int64: row 0 = source {@code j}, row 1 = target {@code i};
 *       messages flow {@code j -> i} (PyG convention, see {@link Graphs}).
 *   <li>{@code graphIndex (N,)} int64: the graph of each node, sorted, so the nodes of each graph
 *       are contiguous and graphs follow each other in order.
 *   <li>{@code nodeCounts (G,)} int64: the number of nodes of each graph (its shape gives {@code G}
 *       without a copy to the host).
 *   <li>{@code nodeAttr (N, A)} node attributes ({@code A = 0} when not featurized), for example the
 *       spherical harmonics of a node's velocity.
 *   <li>{@code edgeAttr (E, B)} edge attributes ({@code B = 0} when not featurized), for example the
 *       spherical harmonics of the relative position.
 *   <li>{@code edgeScalars (E, K)} extra invariant edge features ({@code K} may be 0), for example
 *       distances.
 *   <li>extras: arrays whose axis 0 has {@code N} (NODE), {@code E} (EDGE) or {@code G} (GRAPH)
 *       rows, in insertion order.
 * </ul>
 *
 * <p><b>NDList layout</b> ({@link #toNDList()}, {@link #fromNDList(NDList)}, and the records and
 * batches of {@link GraphBatchifier}): index 0 {@code positions}, 1 {@code nodeFeatures}, 2
 * {@code edgeIndex}, 3 {@code graphIndex}, 4 {@code nodeCounts}, 5 {@code nodeAttr}, 6
 * {@code edgeAttr}, 7 {@code edgeScalars}, then one array per extra. The fixed indices let a Block
 * read its inputs (and {@code initialize} their shapes) without a lookup; {@link #view(NDList)}
 * reads a batch with shape checks only, as a model's forward pass does. Each array is named: the
 * eight fixed ones by the names above ({@link #NAMES}), extras {@code "node:NAME"},
 * {@code "edge:NAME"} or {@code "graph:NAME"}, which is how {@link #fromNDList(NDList)} recovers an
 * extra's name and level. Construction sets these names on the arrays it is given.
 *
 * <p><b>Validation.</b> Construction always checks ranks, widths, data types and row counts (from
 * shapes only). Unless turned off, it also checks values, which copies the arrays to the host once:
 * edge indices within {@code [0, N)} and never joining two graphs, {@code graphIndex} sorted and
 * consistent with {@code nodeCounts}, and no NaN or infinite value in a floating-point array.
 * Every message names the array at fault.
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
    /** Index of {@code nodeAttr} in the NDList layout. */
    public static final int NODE_ATTR = 5;
    /** Index of {@code edgeAttr} in the NDList layout. */
    public static final int EDGE_ATTR = 6;
    /** Index of {@code edgeScalars} in the NDList layout. */
    public static final int EDGE_SCALARS = 7;
    /** Index of the first extra in the NDList layout. */
    public static final int FIRST_EXTRA = 8;

    private static final String[] FIXED_NAMES = {"positions", "nodeFeatures", "edgeIndex", "graphIndex", "nodeCounts",
        "nodeAttr", "edgeAttr", "edgeScalars"};

    /** The names of the eight fixed arrays, in NDList order (a Block's input names). */
    public static final List<String> NAMES = List.of(FIXED_NAMES);

    private final NDArray positions;
    private final NDArray nodeFeatures;
    private final NDArray edgeIndex;
    private final NDArray graphIndex;
    private final NDArray nodeCounts;
    private final NDArray nodeAttr;
    private final NDArray edgeAttr;
    private final NDArray edgeScalars;
    private final Map<String, Extra> extras;

    private record Extra(Level level, NDArray array) {}

    private GraphBatch(NDArray[] fixed, Map<String, Extra> extras, boolean validateValues) {
        this.positions = fixed[POSITIONS];
        this.nodeFeatures = fixed[NODE_FEATURES];
        this.edgeIndex = fixed[EDGE_INDEX];
        this.graphIndex = fixed[GRAPH_INDEX];
        this.nodeCounts = fixed[NODE_COUNTS];
        this.nodeAttr = fixed[NODE_ATTR];
        this.edgeAttr = fixed[EDGE_ATTR];
        this.edgeScalars = fixed[EDGE_SCALARS];
        this.extras = extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        checkShapes();
        for (int k = 0; k < FIRST_EXTRA; k++) {
            fixed[k].setName(FIXED_NAMES[k]);
        }
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
     * Returns the node attributes.
     *
     * @return {@code (N, A)}, {@code A = 0} when not featurized
     */
    public NDArray nodeAttr() {
        return nodeAttr;
    }

    /**
     * Returns the edge attributes.
     *
     * @return {@code (E, B)}, {@code B = 0} when not featurized
     */
    public NDArray edgeAttr() {
        return edgeAttr;
    }

    /**
     * Returns the extra invariant edge features.
     *
     * @return {@code (E, K)}, {@code K} may be 0
     */
    public NDArray edgeScalars() {
        return edgeScalars;
    }

    /**
     * Returns a builder holding this batch's arrays, to derive a batch that differs in some of them
     * (for example a featurizer adding attributes). Values are not validated again unless asked.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().setPositions(positions).setNodeFeatures(nodeFeatures).setEdgeIndex(edgeIndex)
                .optGraphs(graphIndex, nodeCounts).optNodeAttr(nodeAttr).optEdgeAttr(edgeAttr)
                .optEdgeScalars(edgeScalars).optValidateValues(false);
        for (Map.Entry<String, Extra> e : extras.entrySet()) {
            b.addExtra(e.getKey(), e.getValue().level(), e.getValue().array());
        }
        return b;
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
     * @return {@code [positions, nodeFeatures, edgeIndex, graphIndex, nodeCounts, nodeAttr, edgeAttr,
     *     edgeScalars, extras...]}
     */
    public NDList toNDList() {
        NDList list = new NDList(FIRST_EXTRA + extras.size());
        list.add(positions);
        list.add(nodeFeatures);
        list.add(edgeIndex);
        list.add(graphIndex);
        list.add(nodeCounts);
        list.add(nodeAttr);
        list.add(edgeAttr);
        list.add(edgeScalars);
        for (Extra e : extras.values()) {
            list.add(e.array());
        }
        return list;
    }

    /**
     * Reads a batch from the NDList layout, recovering extras from their names, and validates it
     * (shapes and values).
     *
     * @param list the NDList layout of the class comment
     * @return the batch
     * @throws IllegalArgumentException if the list is malformed
     */
    public static GraphBatch fromNDList(NDList list) {
        return fromNDList(list, true);
    }

    /**
     * Reads a batch from the NDList layout with shape checks only: no copy to the host, no
     * validation of values. This is what a model's forward pass calls on its input.
     *
     * @param list the NDList layout of the class comment
     * @return the batch
     * @throws IllegalArgumentException if the list is malformed (naming the array at fault)
     */
    public static GraphBatch view(NDList list) {
        return fromNDList(list, false);
    }

    /**
     * Reads a batch from the NDList layout, recovering extras from their names.
     *
     * @param list the NDList layout of the class comment
     * @param validateValues whether to check values too (one copy to the host)
     * @return the batch
     * @throws IllegalArgumentException if the list is malformed
     */
    public static GraphBatch fromNDList(NDList list, boolean validateValues) {
        if (list == null || list.size() < FIRST_EXTRA) {
            throw new IllegalArgumentException("GraphBatch: expected at least " + FIRST_EXTRA + " arrays [positions, "
                    + "nodeFeatures, edgeIndex, graphIndex, nodeCounts, nodeAttr, edgeAttr, edgeScalars, extras...], "
                    + "got " + (list == null ? "null" : list.size() + " " + names(list)));
        }
        Map<String, Extra> extras = list.size() == FIRST_EXTRA ? Map.of() : new LinkedHashMap<>();
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
        NDArray[] fixed = new NDArray[FIRST_EXTRA];
        for (int k = 0; k < FIRST_EXTRA; k++) {
            fixed[k] = list.get(k);
        }
        return new GraphBatch(fixed, extras, validateValues);
    }

    /**
     * Returns how each array of a batch transforms, in NDList order, for the
     * {@link io.github.segnn.djl.check.EquivarianceChecker}: positions rotate and translate, node
     * and edge arrays rotate by their irreps and nodes are permuted; the graph index and node counts
     * are labels. Extras follow in the given order.
     *
     * @param nodeFeatures irreps of {@code nodeFeatures}
     * @param nodeAttr irreps of {@code nodeAttr} (empty when not featurized)
     * @param edgeAttr irreps of {@code edgeAttr} (empty when not featurized)
     * @param edgeScalars number of extra edge scalars
     * @param extras the slots of the extras, in NDList order
     * @return the slots
     */
    public static List<FeatureSlot> featureSlots(Irreps nodeFeatures, Irreps nodeAttr, Irreps edgeAttr,
            int edgeScalars, FeatureSlot... extras) {
        List<FeatureSlot> slots = new ArrayList<>(List.of(FeatureSlot.positions(), FeatureSlot.nodeIrreps(nodeFeatures),
                FeatureSlot.edgeIndex(), FeatureSlot.nodeLabels(), FeatureSlot.invariant(),
                FeatureSlot.nodeIrreps(nodeAttr), FeatureSlot.edgeIrreps(edgeAttr),
                FeatureSlot.edgeIrreps(edgeScalars == 0 ? Irreps.empty() : Irreps.parse(edgeScalars + "x0e"))));
        slots.addAll(List.of(extras));
        return List.copyOf(slots);
    }

    private static List<String> names(NDList list) {
        List<String> out = new ArrayList<>();
        for (NDArray a : list) {
            out.add(a.getName());
        }
        return out;
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
            for (int k : new int[] {NODE_FEATURES, NODE_ATTR, EDGE_ATTR, EDGE_SCALARS}) {
                long want = first.fixed(k).getShape().get(1);
                long got = other.fixed(k).getShape().get(1);
                if (got != want) {
                    throw new IllegalArgumentException("GraphBatch.concat: batch " + b + " has " + FIXED_NAMES[k]
                            + " of width " + got + " but batch 0 has " + want);
                }
            }
        }
        NDList[] parts = new NDList[FIRST_EXTRA];
        for (int k = 0; k < FIRST_EXTRA; k++) {
            parts[k] = new NDList(batches.size());
        }
        long nodeOffset = 0;
        long graphOffset = 0;
        for (GraphBatch b : batches) {
            for (int k = 0; k < FIRST_EXTRA; k++) {
                NDArray a = b.fixed(k);
                if (k == EDGE_INDEX && nodeOffset != 0) {
                    a = a.add(nodeOffset);
                } else if (k == GRAPH_INDEX && graphOffset != 0) {
                    a = a.add(graphOffset);
                }
                parts[k].add(a);
            }
            nodeOffset += b.numNodes();
            graphOffset += b.numGraphs();
        }
        NDArray[] fixed = new NDArray[FIRST_EXTRA];
        for (int k = 0; k < FIRST_EXTRA; k++) {
            fixed[k] = NDArrays.concat(parts[k], k == EDGE_INDEX ? 1 : 0);
        }
        Map<String, Extra> extras = new LinkedHashMap<>();
        for (String name : first.extraNames()) {
            NDList list = new NDList(batches.size());
            for (GraphBatch b : batches) {
                list.add(b.extra(name));
            }
            extras.put(name, new Extra(first.extraLevel(name), NDArrays.concat(list, 0)));
        }
        return new GraphBatch(fixed, extras, false);
    }

    private NDArray fixed(int k) {
        switch (k) {
            case POSITIONS:
                return positions;
            case NODE_FEATURES:
                return nodeFeatures;
            case EDGE_INDEX:
                return edgeIndex;
            case GRAPH_INDEX:
                return graphIndex;
            case NODE_COUNTS:
                return nodeCounts;
            case NODE_ATTR:
                return nodeAttr;
            case EDGE_ATTR:
                return edgeAttr;
            default:
                return edgeScalars;
        }
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

        private static NDArray edgeRows(NDArray a, NDArray selected, int count) {
            return count == 0 ? a.get(new NDIndex("0:0")) : a.get(selected);
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
                        part = edgeRows(a, selIdx, count);
                        break;
                    default:
                        part = a.get(new NDIndex("{}:{}", from, to));
                        break;
                }
                extras.put(en.getKey(), new Extra(en.getValue().level(), part));
            }
            NDArray[] fixed = {batch.positions.get(nodes), batch.nodeFeatures.get(nodes), edges,
                batch.graphIndex.get(nodes).sub(from), batch.nodeCounts.get(new NDIndex("{}:{}", from, to)),
                batch.nodeAttr.get(nodes), edgeRows(batch.edgeAttr, selIdx, count),
                edgeRows(batch.edgeScalars, selIdx, count)};
            return new GraphBatch(fixed, extras, false);
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
        rows(NODE_ATTR, nodeAttr, n, "positions has N = ");
        rows(EDGE_ATTR, edgeAttr, numEdges(), "edgeIndex has E = ");
        rows(EDGE_SCALARS, edgeScalars, numEdges(), "edgeIndex has E = ");
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

    private static void rows(int k, NDArray a, long rows, String from) {
        String name = FIXED_NAMES[k];
        check(a != null && a.getShape().dimension() == 2, name + " must be a matrix with one row per "
                + (k == NODE_ATTR ? "node" : "edge") + ", got " + shape(a));
        check(a.getShape().get(0) == rows, name + " has " + a.getShape().get(0) + " rows but " + from + rows);
        check(a.getShape().get(1) == 0 || a.getDataType().isFloating(), name + " must be floating point, got "
                + a.getDataType());
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
        for (int k : new int[] {POSITIONS, NODE_FEATURES, NODE_ATTR, EDGE_ATTR, EDGE_SCALARS}) {
            finite(FIXED_NAMES[k], fixed(k));
        }
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
        private NDArray nodeAttr;
        private NDArray edgeAttr;
        private NDArray edgeScalars;
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
         * Sets the node attributes; default none (an {@code (N, 0)} array).
         *
         * @param nodeAttr {@code (N, A)} floating point
         * @return this Builder
         */
        public Builder optNodeAttr(NDArray nodeAttr) {
            this.nodeAttr = nodeAttr;
            return this;
        }

        /**
         * Sets the edge attributes; default none (an {@code (E, 0)} array).
         *
         * @param edgeAttr {@code (E, B)} floating point
         * @return this Builder
         */
        public Builder optEdgeAttr(NDArray edgeAttr) {
            this.edgeAttr = edgeAttr;
            return this;
        }

        /**
         * Sets the extra invariant edge features; default none (an {@code (E, 0)} array).
         *
         * @param edgeScalars {@code (E, K)} floating point
         * @return this Builder
         */
        public Builder optEdgeScalars(NDArray edgeScalars) {
            this.edgeScalars = edgeScalars;
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
            long n = positions.getShape().dimension() > 0 ? positions.getShape().get(0) : 0;
            if (gi == null && nc == null) {
                NDManager m = positions.getManager();
                gi = m.zeros(new Shape(n), DataType.INT64).toDevice(positions.getDevice(), false);
                nc = m.create(new long[] {n}).toDevice(positions.getDevice(), false);
            } else if (gi == null || nc == null) {
                throw new IllegalArgumentException("GraphBatch: optGraphs needs both graphIndex and nodeCounts");
            }
            long e = edgeIndex.getShape().dimension() == 2 ? edgeIndex.getShape().get(1) : 0;
            NDArray[] fixed = {positions, nodeFeatures, edgeIndex, gi, nc,
                nodeAttr != null ? nodeAttr : empty(positions, n),
                edgeAttr != null ? edgeAttr : empty(positions, e), edgeScalars != null ? edgeScalars : empty(positions, e)};
            return new GraphBatch(fixed, extras, validateValues);
        }

        private static NDArray empty(NDArray like, long rows) {
            return like.getManager().zeros(new Shape(rows, 0), like.getDataType(), like.getDevice());
        }
    }
}
