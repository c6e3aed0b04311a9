// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.github.segnn.djl.TestSupport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scalar of {@link Scalars} survives a garbage collection between the forward and the backward
 * pass: after the collector runs and the freed native memory is refilled with NaN bit patterns, the
 * gradients are still exact (a scalar in a Java buffer, as DJL's {@code x.mul(3.0)} makes, is read
 * back from freed memory here).
 */
class ScalarsTest {

    @Test
    void gradientsSurviveGarbageCollectionBeforeBackward() {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (int round = 0; round < 20; round++) {
                try (NDManager m = TestSupport.manager()) {
                    NDArray x = TestSupport.randn(m, round, dt, 4, 3).abs().add(0.5);
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Scalars.mul(x, 3.0).add(Scalars.pow(x, 2.0)).add(Scalars.maximum(x, 0.75));
                        scribbleOverFreedMemory();
                        gc.backward(y.sum());
                    }
                    // d/dx (3x + x^2 + max(x, 0.75)) = 3 + 2x + [x > 0.75]
                    NDArray want = x.mul(2).add(3).add(x.gt(0.75).toType(dt, false));
                    double err = TestSupport.relativeError(x.getGradient(), want);
                    assertEquals(0, err, dt == DataType.FLOAT64 ? 1e-14 : 1e-6, dt + " round " + round);
                }
            }
        }
    }

    @Test
    void scalarsAreRightInEveryManager() {
        for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (int round = 0; round < 3; round++) {
                try (NDManager m = TestSupport.manager()) {
                    NDArray x = TestSupport.randn(m, round, dt, 5);
                    NDArray y = Scalars.mul(x, 0.375).add(Scalars.maximum(x, -0.25)).add(Scalars.pow(x.abs(), 3.0));
                    NDArray want = x.mul(m.create(0.375).toType(dt, false)).add(x.maximum(-0.25))
                            .add(x.abs().mul(x.abs()).mul(x.abs()));
                    assertEquals(0, TestSupport.relativeError(y, want), dt == DataType.FLOAT64 ? 1e-15 : 1e-6,
                            dt + " round " + round);
                    assertEquals(dt, y.getDataType());
                }
            }
        }
    }

    @Test
    void cachedScalarsOutliveTheNdScopeOfTheirFirstCaller() {
        try (NDManager m = TestSupport.manager()) {
            NDArray x = TestSupport.randn(m, 9, DataType.FLOAT32, 4);
            double value = 0.123456789; // used by no other test: made here, inside the scope
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Scalars.mul(x, value);
            }
            NDArray y = Scalars.mul(x, value);
            assertEquals(0, TestSupport.relativeError(y, x.mul(m.create((float) value))), 1e-6);
        }
    }

    @Test
    void theCacheIsTheManagersAndClosesWithIt() {
        NDManager m = TestSupport.manager();
        NDArray x = TestSupport.randn(m, 3, DataType.FLOAT32, 4);
        Scalars.mul(x, 2.5);
        Scalars.mul(x, 2.5);
        Scalars.pow(x, 2.5);
        assertEquals(1, Scalars.cachedIn(m), "one scalar per value, data type and device");
        try (NDManager other = TestSupport.manager()) {
            NDArray y = x.duplicate();
            y.attach(other);
            Scalars.mul(y, 2.5);
            assertEquals(1, Scalars.cachedIn(other), "another manager has its own scalars");
        }
        m.close();
        assertEquals(0, Scalars.cachedIn(m), "the cache must go with its manager");
    }

    /** Runs the garbage collector, then reuses small native allocations, filled with NaN bits. */
    private static void scribbleOverFreedMemory() {
        System.gc();
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8 + (i % 4) * 8);
            while (b.remaining() >= 8) {
                b.putLong(0x7ff8dead7ff8deadL);
            }
            keep.add(b);
        }
    }
}
