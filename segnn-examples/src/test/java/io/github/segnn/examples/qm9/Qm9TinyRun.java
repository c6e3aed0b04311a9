// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segnn.examples.cli.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The tiny QM9 run the inference tests load: one epoch on the sample molecules, target homo,
 * trained once per test JVM into a temporary folder removed at exit.
 */
public final class Qm9TinyRun {

    private static Path run;

    private Qm9TinyRun() {}

    /**
     * Returns the run folder, training it on first use.
     *
     * @return the folder (holding qm9-run.json and best.params)
     */
    public static synchronized Path get() {
        if (run == null) {
            try {
                Path dir = Files.createTempDirectory("qm9-tiny-run");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                run = train(dir.resolve("run"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run;
    }

    private static Path train(Path out) {
        String[] r = CliRun.run("qm9", "train", "--data", Qm9TestData.xyzFolder().toString(), "--exclusions",
                Qm9TestData.resource("/qm9/excluded-indices.txt").toString(), "--target", "homo", "--epochs", "1",
                "--batch-size", "8", "--layers", "1", "--hidden-features", "8", "--lmax-attr", "1", "--lmax-h", "1",
                "--out", out.toString(), "--device", "cpu", "--threads", "1");
        assertEquals("0", r[0], r[2]);
        return out;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
