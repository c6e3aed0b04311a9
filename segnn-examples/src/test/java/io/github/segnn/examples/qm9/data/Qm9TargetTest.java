// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.io.Qm9XyzParser;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Qm9TargetTest {

    @Test
    void hartreeTargetsBecomeElectronvoltsAndReportInMeV() throws IOException {
        Qm9Molecule ch4 = Qm9XyzParser.parse(Qm9TestData.sample(1));
        // line 2 of dsgdb9nsd_000001.xyz: homo -0.3877 Ha, U0 -40.47893 Ha
        assertEquals(-0.3877 * 27.211386246, Qm9Target.HOMO.value(ch4), 1e-12);
        assertEquals(-10.549854447574, Qm9Target.HOMO.value(ch4), 1e-9);
        assertEquals(-1101.4877990548, Qm9Target.U0.value(ch4), 1e-9);
        assertEquals(-10549.854, Qm9Target.HOMO.toReportUnit(Qm9Target.HOMO.value(ch4)), 1e-3);
        assertEquals("eV", Qm9Target.GAP.unit());
        assertEquals("meV", Qm9Target.ZPVE.reportUnit());
        // an MAE of 0.0235 eV is 23.5 meV
        assertEquals(23.5, Qm9Target.GAP.toReportUnit(0.0235), 1e-12);
    }

    @Test
    void nonEnergyTargetsKeepTheirUnits() throws IOException {
        Qm9Molecule m = Qm9XyzParser.parse(Qm9TestData.sample(100001));
        assertEquals(2.7947, Qm9Target.MU.value(m), 0.0);
        assertEquals(89.09, Qm9Target.ALPHA.value(m), 0.0);
        assertEquals(1457.8733, Qm9Target.R2.value(m), 0.0);
        assertEquals(42.563, Qm9Target.CV.value(m), 0.0);
        assertEquals(0.012, Qm9Target.CV.toReportUnit(0.012), 0.0);
        assertEquals("bohr^3", Qm9Target.ALPHA.reportUnit());
    }

    @Test
    void exactlyTheEightHartreePropertiesAreConverted() {
        Set<Qm9Target> converted = EnumSet.noneOf(Qm9Target.class);
        for (Qm9Target t : Qm9Target.values()) {
            if (t.conversionFactor() != 1.0) {
                converted.add(t);
                assertEquals("Ha", t.property().unit(), t.label());
                assertEquals(Qm9Target.HARTREE_TO_EV, t.conversionFactor(), 0.0);
            } else {
                assertEquals(t.property().unit(), t.unit(), t.label());
            }
        }
        assertEquals(EnumSet.of(Qm9Target.GAP, Qm9Target.HOMO, Qm9Target.LUMO, Qm9Target.ZPVE,
                Qm9Target.U0, Qm9Target.U, Qm9Target.H, Qm9Target.G), converted);
        assertEquals(12, Qm9Target.values().length);
    }

    @Test
    void namesParseCaseInsensitively() {
        assertSame(Qm9Target.CV, Qm9Target.parse("cv"));
        assertSame(Qm9Target.CV, Qm9Target.parse("Cv"));
        assertSame(Qm9Target.U0, Qm9Target.parse("u0"));
        assertSame(Qm9Target.U, Qm9Target.parse("U"));
        assertSame(Qm9Target.ALPHA, Qm9Target.parse(" ALPHA "));
        for (Qm9Target t : Qm9Target.values()) {
            assertSame(t, Qm9Target.parse(t.label()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qm9Target.parse("U0_atom"));
        assertEquals("unknown QM9 target 'U0_atom'; valid targets (case-insensitive): "
                + "alpha, gap, homo, lumo, mu, Cv, G, H, r2, U, U0, zpve", e.getMessage());
    }
}
