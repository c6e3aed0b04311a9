// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.segnn.djl.TestSupport;
import org.junit.jupiter.api.Test;

class PartitionTest {

    @Test
    void piecesAreTheColumnsInOrderIncludingEmptyOnesAndGradientsFlowBack() {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 1, DataType.FLOAT64, 3, 7);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList parts = Partition.bySizes(x, 1, 2, 0, 4, 1);
                assertEquals(4, parts.size());
                assertArrayEquals(new long[] {3, 0}, parts.get(1).getShape().getShape());
                assertEquals(0, TestSupport.relativeError(parts.get(2), x.get(":, 2:6")), 0);
                gc.backward(parts.get(0).sum().add(parts.get(2).mul(x.get(":, 2:6")).sum()));
            }
            // d/dx: 1 on columns 0-1, 2x on columns 2-5, 0 on column 6
            NDArray want = m.zeros(x.getShape(), DataType.FLOAT64);
            want.set(new NDIndex(":, 0:2"), 1);
            want.set(new NDIndex(":, 2:6"), x.get(":, 2:6").mul(2));
            assertEquals(0, TestSupport.relativeError(x.getGradient(), want), 1e-15);
        }
    }

    @Test
    void sizesThatDoNotCoverTheAxisAreRefused() {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = m.zeros(new Shape(2, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partition.bySizes(x, 1, 2, 2));
            assertTrue(e.getMessage().contains("(2, 5)"), e.getMessage());
        }
    }

    @Test
    void joinUndoesASplitAndReturnsASinglePieceItself() {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 3, DataType.FLOAT64, 4, 7);
            assertArrayEquals(x.toDoubleArray(), Partition.join(Partition.bySizes(x, 1, 2, 0, 5), 1).toDoubleArray(),
                    0.0);
            assertTrue(Partition.join(new NDList(x), 1) == x);
        }
    }
}
