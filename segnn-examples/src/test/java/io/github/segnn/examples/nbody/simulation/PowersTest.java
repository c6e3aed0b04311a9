// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowersTest {

    private static final MathContext MC = new MathContext(60);

    @Test
    void matchesCorrectlyRoundedValues() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            double x = Math.abs(r.nextGaussian()) * Math.pow(10, r.nextDouble(-3, 3));
            BigDecimal bx = new BigDecimal(x);
            BigDecimal p = bx.multiply(bx.sqrt(MC), MC);
            double exact = p.doubleValue();
            double exactInverse = BigDecimal.ONE.divide(p, MC).doubleValue();
            assertEquals(exact, Powers.pow1p5(x), "x^1.5 at " + x);
            assertEquals(exactInverse, Powers.powMinus1p5(x), "x^-1.5 at " + x);
        }
    }

    @Test
    void exactCasesAndOutOfRangeArguments() {
        assertEquals(8.0, Powers.pow1p5(4.0));
        assertEquals(0.125, Powers.powMinus1p5(4.0));
        assertEquals(1.0, Powers.pow1p5(1.0));
        assertTrue(Double.isNaN(Powers.pow1p5(-1e-17)), "negative squared distance gives NaN as numpy");
        assertEquals(0.0, Powers.pow1p5(0.0));
        assertEquals(Double.POSITIVE_INFINITY, Powers.powMinus1p5(0.0));
    }
}
