// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.ops.Layout;
import io.github.segnn.djl.ops.Scatter;
import java.util.Map;

/** A hidden-to-hidden message-passing layer that {@link Segnn} can stack; irreps in = irreps out. */
public interface MessagePassing extends Block {

    /**
     * Applies the layer with precomputed graph structure, to node features in a given layout and
     * returning them in the same layout: a stack of layers keeps its features in the kernel's
     * {@link Layout#IR_MUL} from the embedding to the pooling, with no conversion in between.
     *
     * @param ps the parameter store
     * @param h node features {@code (N, hidden.dim)}
     * @param layout the layout of {@code h} and of the result
     * @param nodeAttr node attributes
     * @param edgeAttr edge attributes
     * @param edgeScalars extra edge scalars {@code (E, k)}
     * @param source source node of each edge {@code (E,)}
     * @param target target node of each edge {@code (E,)}
     * @param toNodes the scatter from edges to target nodes
     * @param graphIndex the graph of each node
     * @param nodeCounts nodes per graph
     * @param training whether training
     * @return the new node features
     */
    NDArray apply(ParameterStore ps, NDArray h, Layout layout, NDArray nodeAttr, NDArray edgeAttr,
            NDArray edgeScalars, NDArray source, NDArray target, Scatter toNodes, NDArray graphIndex,
            NDArray nodeCounts, boolean training);

    /**
     * Returns the layout of node features in which the layer runs without converting them (the
     * layout a stack of such layers should keep its features in).
     *
     * @return the layer's own layout; e3nn's unless the layer says otherwise
     */
    default Layout nodeLayout() {
        return Layout.MUL_IR;
    }

    /**
     * Returns the layer's tensor products under the official module names relative to the layer
     * (for example {@code message_layer_1}), in module order.
     *
     * @return an ordered map
     */
    Map<String, O3TensorProduct> namedTensorProducts();
}
