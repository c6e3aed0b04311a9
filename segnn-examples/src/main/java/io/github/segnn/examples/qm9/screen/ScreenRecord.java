// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.screen;

import io.github.segnn.examples.qm9.inference.Molecule;
import java.util.Objects;

/**
 * One record of a screening input: a molecule, or the reason it could not be read.
 *
 * @param id the record's identifier (file stem, title line, or {@code source#k})
 * @param molecule the molecule, or null when the record is malformed
 * @param error why the record could not be read, or null
 */
public record ScreenRecord(String id, Molecule molecule, String error) {

    /**
     * Checks that exactly one of molecule and error is present.
     *
     * @param id see the record component
     * @param molecule see the record component
     * @param error see the record component
     */
    public ScreenRecord {
        Objects.requireNonNull(id, "id");
        if ((molecule == null) == (error == null)) {
            throw new IllegalArgumentException("a screening record holds a molecule or an error, not both or neither");
        }
    }

    /**
     * Makes the record of a molecule.
     *
     * @param molecule the molecule
     * @return the record, with the molecule's id
     */
    public static ScreenRecord of(Molecule molecule) {
        return new ScreenRecord(molecule.id(), molecule, null);
    }

    /**
     * Makes the record of a malformed input.
     *
     * @param id the identifier
     * @param error the reason, naming the source and line
     * @return the record
     */
    public static ScreenRecord failed(String id, String error) {
        return new ScreenRecord(id, null, error);
    }
}
