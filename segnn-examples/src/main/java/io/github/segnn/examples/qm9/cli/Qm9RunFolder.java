// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of {@code qm9 eval} and {@code qm9 predict} that locate a trained run. */
public final class Qm9RunFolder {

    @Option(names = "--out", description = "Run folder (default runs/qm9-<target>).")
    Path out;

    @Option(names = "--target", description = "Target, to find the default run folder and to check the run's.")
    String target;

    @Option(names = "--params", description = "Parameter file (default <out>/best.params).")
    Path params;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpuN (default ${DEFAULT-VALUE}).")
    String device;

    /** Creates the options; picocli fills the fields. */
    public Qm9RunFolder() {
        // picocli
    }

    /**
     * Returns the run folder.
     *
     * @return {@code --out}, or {@code runs/qm9-<target>}
     * @throws IllegalArgumentException if neither {@code --out} nor {@code --target} is given
     */
    Path dir() {
        if (out != null) {
            return out;
        }
        if (target == null) {
            throw new IllegalArgumentException("give the run folder with --out (or --target for runs/qm9-<target>)");
        }
        return Path.of("runs", "qm9-" + Qm9Target.parse(target).label());
    }

    /**
     * Reads the run's description and checks {@code --target} against it.
     *
     * @return the description
     * @throws IOException if it cannot be read
     */
    Qm9RunInfo info() throws IOException {
        Qm9RunInfo info = Qm9RunInfo.read(dir());
        if (target != null && Qm9Target.parse(target) != info.qm9Target()) {
            throw new IllegalArgumentException(dir() + " holds a model of --target " + info.target + ", not " + target);
        }
        return info;
    }

    /**
     * Returns the parameter file.
     *
     * @return {@code --params} or {@code <out>/best.params}
     */
    Path paramsFile() {
        return params != null ? params : dir().resolve("best.params");
    }
}
