// SPDX-License-Identifier: Apache-2.0
/** The one graph contract: the GraphBatch (raw or featurized graphs), its Batchifier, and graph builders. */
package io.github.segnn.djl.graph;
