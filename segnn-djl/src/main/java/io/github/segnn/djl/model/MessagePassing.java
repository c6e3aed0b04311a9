package io.github.segnn.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.segnn.djl.nn.O3TensorProduct;
import io.github.segnn.djl.ops.Scatter;
import java.util.Map;

/** A hidden-to-hidden message-passing layer that {@link Segnn} can stack; irreps in = irreps out. */
public interface MessagePassing extends Block {

    /**
     * Applies the layer with precomputed graph structure.
     *
     * @param ps the parameter store
     * @param h node features {@code (N, hidden.dim)}
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
    NDArray apply(ParameterStore ps, NDArray h, NDArray nodeAttr, NDArray edgeAttr, NDArray edgeScalars,
            NDArray source, NDArray target, Scatter toNodes, NDArray graphIndex, NDArray nodeCounts, boolean training);

    /**
     * Returns the layer's tensor products under the official module names relative to the layer
     * (for example {@code message_layer_1}), in module order.
     *
     * @return an ordered map
     */
    Map<String, O3TensorProduct> namedTensorProducts();
}
