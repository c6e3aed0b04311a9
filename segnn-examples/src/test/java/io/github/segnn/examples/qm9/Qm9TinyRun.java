// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segnn.examples.cli.CliRun;
import java.nio.file.Path;

/** Trains the tiny QM9 run the inference tests load: one epoch on the sample molecules, target homo. */
final class Qm9TinyRun {

    private Qm9TinyRun() {}

    /**
     * Trains into a folder.
     *
     * @param out the run folder to create
     * @return {@code out}
     */
    static Path train(Path out) {
        String[] r = CliRun.run("qm9", "train", "--data", Qm9TestData.xyzFolder().toString(), "--exclusions",
                Qm9TestData.resource("/qm9/excluded-indices.txt").toString(), "--target", "homo", "--epochs", "1",
                "--batch-size", "8", "--layers", "1", "--hidden-features", "8", "--lmax-attr", "1", "--lmax-h", "1",
                "--out", out.toString(), "--device", "cpu", "--threads", "1");
        assertEquals("0", r[0], r[2]);
        return out;
    }
}
