// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

/** What a {@link Segnn} predicts. */
public enum Task {
    /** One output per node (N-body: a displacement per particle). */
    NODE,
    /** One output per graph after pooling (QM9: a property per molecule). */
    GRAPH
}
