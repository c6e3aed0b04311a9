// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.model;

/** How positions are centred before they become node features. */
public enum Centring {
    /** Subtract each graph's centroid: E(3)-equivariant (the default). */
    PER_GRAPH,
    /**
     * The official code's {@code pos - pos.mean(1)}: each node's own coordinate mean, which breaks
     * rotation equivariance (official issue #12). Selected by {@code --faithful}.
     */
    PER_NODE
}
