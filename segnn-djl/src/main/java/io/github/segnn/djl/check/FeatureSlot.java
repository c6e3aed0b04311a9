// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.check;

import io.github.segnn.core.irreps.Irreps;
import java.util.Objects;

/**
 * How one array of a Block's input or output {@link ai.djl.ndarray.NDList} transforms under a
 * rotation or reflection {@code R}, a translation {@code t} and a node permutation {@code P}.
 */
public final class FeatureSlot {

    /** The kinds of arrays in a graph model's inputs and outputs. */
    public enum Kind {
        /** {@code (N, irreps.dim)} node features: {@code P x D(R)^T}. */
        NODE_IRREPS,
        /** {@code (E, irreps.dim)} edge features: {@code x D(R)^T}; edge order is kept. */
        EDGE_IRREPS,
        /** {@code (G, irreps.dim)} graph features: {@code x D(R)^T}. */
        GRAPH_IRREPS,
        /** {@code (N, 3)} positions: {@code P (x R^T + t)}. */
        POSITIONS,
        /** {@code (2, E)} edge index (source, target): node numbers are relabelled by {@code P}. */
        EDGE_INDEX,
        /** {@code (N, ...)} invariant node labels such as the graph of each node: {@code P x}. */
        NODE_LABELS,
        /** Anything left unchanged (graph-level invariants, node counts). */
        INVARIANT
    }

    private final Kind kind;
    private final Irreps irreps;

    private FeatureSlot(Kind kind, Irreps irreps) {
        this.kind = kind;
        this.irreps = irreps;
    }

    /**
     * Node features with the given irreps.
     *
     * @param irreps the irreps
     * @return the slot
     */
    public static FeatureSlot nodeIrreps(Irreps irreps) {
        return new FeatureSlot(Kind.NODE_IRREPS, Objects.requireNonNull(irreps));
    }

    /**
     * Edge features with the given irreps.
     *
     * @param irreps the irreps
     * @return the slot
     */
    public static FeatureSlot edgeIrreps(Irreps irreps) {
        return new FeatureSlot(Kind.EDGE_IRREPS, Objects.requireNonNull(irreps));
    }

    /**
     * Graph-level features with the given irreps.
     *
     * @param irreps the irreps
     * @return the slot
     */
    public static FeatureSlot graphIrreps(Irreps irreps) {
        return new FeatureSlot(Kind.GRAPH_IRREPS, Objects.requireNonNull(irreps));
    }

    /**
     * Node positions, which also translate.
     *
     * @return the slot
     */
    public static FeatureSlot positions() {
        return new FeatureSlot(Kind.POSITIONS, Irreps.parse("1x1o"));
    }

    /**
     * The {@code (2, E)} edge index.
     *
     * @return the slot
     */
    public static FeatureSlot edgeIndex() {
        return new FeatureSlot(Kind.EDGE_INDEX, null);
    }

    /**
     * Invariant per-node labels (for example the graph index).
     *
     * @return the slot
     */
    public static FeatureSlot nodeLabels() {
        return new FeatureSlot(Kind.NODE_LABELS, null);
    }

    /**
     * An array left unchanged by every transformation.
     *
     * @return the slot
     */
    public static FeatureSlot invariant() {
        return new FeatureSlot(Kind.INVARIANT, null);
    }

    /**
     * Returns the kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the irreps, or null for index and invariant slots.
     *
     * @return the irreps
     */
    public Irreps irreps() {
        return irreps;
    }

    @Override
    public String toString() {
        return irreps == null ? kind.toString() : kind + "(" + irreps + ")";
    }
}
