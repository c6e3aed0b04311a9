// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

/** How node features are pooled into one feature per graph. */
public enum Pooling {
    /** Mean over the graph's nodes (SEGNN's {@code --pool avg}). */
    AVG,
    /** Sum over the graph's nodes. */
    SUM
}
