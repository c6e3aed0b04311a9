// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.core.irreps.Irreps;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutTest {

    @ParameterizedTest
    @CsvSource({
        // SEGNN's message input [h_i | h_j | e_ij] and update input [h | m], not merged by simplify
        "8x0e+4x1o; 8x0e+4x1o; 2x0e, 8x0e+4x1o+8x0e+4x1o+2x0e, IR_MUL",
        "8x0e+4x1o; 8x0e+4x1o, 8x0e+4x1o+8x0e+4x1o, IR_MUL",
        // merged scalars read the same in both layouts
        "3x1o+2x0e; 3x1o+2x0e; 2x0e, 3x1o+2x0e+3x1o+4x0e, IR_MUL",
        // merged vectors do not
        "4x1o; 4x1o, 8x1o, MUL_IR",
        "2x0e+4x1o; 4x1o+1x2e, 2x0e+8x1o+1x2e, MUL_IR",
        // one piece cut into a vector block the consumer sees whole
        "2x0e+2x1o+2x1o, 2x0e+4x1o, MUL_IR",
        "2x0e+2x1o, 2x0e+2x1o, IR_MUL",
    })
    void irMulOnlyWhereEveryNonScalarBlockIsOneBlockOfThePieces(String pieces, String consumer, Layout want) {
        List<Irreps> p = Arrays.stream(pieces.split(";")).map(s -> Irreps.parse(s.trim())).toList();
        assertEquals(want, Layout.forPieces(p, Irreps.parse(consumer)));
    }

    @ParameterizedTest
    @CsvSource({"2x0e+1x1o, 2x0e+2x1o", "2x0e+2x1o+1x0e, 2x0e+2x1o"})
    void piecesOfAnotherDimensionAreRefused(String pieces, String consumer) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layout.forPieces(List.of(Irreps.parse(pieces)), Irreps.parse(consumer)));
        assertTrue(e.getMessage().contains(consumer), e.getMessage());
    }
}
