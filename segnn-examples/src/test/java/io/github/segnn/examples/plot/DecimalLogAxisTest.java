// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.TextAnchor;
import org.junit.jupiter.api.Test;

class DecimalLogAxisTest {

    private static List<String> labels(double lower, double upper) {
        return DecimalLogAxis.ticks(lower, upper, TextAnchor.CENTER_RIGHT).stream()
                .filter(t -> t.getTickType() == TickType.MAJOR)
                .map(ValueTick::getText)
                .collect(Collectors.toList());
    }

    @Test
    void threeDecadesGetOneTwoFive() {
        assertEquals(
                List.of(
                        "2e-4", "5e-4", "0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1",
                        "0.2", "0.5"),
                labels(1.5e-4, 0.6));
    }

    @Test
    void manyDecadesGetPowersOfTenWithUnlabelledMinorTicks() {
        assertEquals(
                List.of("1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1", "1"), labels(9e-7, 1.1));
        List<ValueTick> all = DecimalLogAxis.ticks(9e-7, 1.1, TextAnchor.CENTER_RIGHT);
        assertTrue(
                all.stream()
                        .anyMatch(t -> t.getTickType() == TickType.MINOR && t.getText().isEmpty()));
        List<String> huge = labels(1e-30, 1e10);
        assertTrue(huge.size() <= DecimalLogAxis.MAX_DECADE_TICKS, huge.toString());
        assertTrue(huge.size() >= DecimalLogAxis.MIN_TICKS, huge.toString());
        assertTrue(huge.contains("1e-20"), huge.toString());
    }

    @Test
    void oneDecadeGetsEveryDigitAndNarrowRangesGetEvenSteps() {
        assertEquals(
                List.of("0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.1"),
                labels(0.015, 0.11));
        assertEquals(
                List.of("0.03", "0.035", "0.04", "0.045", "0.05", "0.055"), labels(0.026, 0.056));
        List<String> tiny = labels(1.00001, 1.00009);
        assertTrue(tiny.size() >= DecimalLogAxis.MIN_TICKS, tiny.toString());
        assertTrue(tiny.stream().allMatch(s -> s.matches("1\\.0000\\d")), tiny.toString());
    }

    @Test
    void degenerateRangesGiveNoTicks() {
        assertEquals(List.of(), labels(0, 1));
        assertEquals(List.of(), labels(1, 1));
        assertEquals(List.of(), labels(1, Double.POSITIVE_INFINITY));
    }

    @Test
    void labelsAreExactAndLocaleFree() {
        assertEquals("0.002", DecimalLogAxis.label(new BigDecimal("0.0020")));
        assertEquals("150", DecimalLogAxis.label(new BigDecimal("150")));
        assertEquals("1000", DecimalLogAxis.label(new BigDecimal("1E+3")));
        assertEquals("2e-5", DecimalLogAxis.label(new BigDecimal("0.00002")));
        assertEquals("1.5e6", DecimalLogAxis.label(new BigDecimal("1500000")));
    }
}
