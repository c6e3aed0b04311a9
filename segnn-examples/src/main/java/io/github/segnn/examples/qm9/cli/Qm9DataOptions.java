// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.qm9.data.Qm9Data;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9SplitScheme;
import io.github.segnn.examples.qm9.io.Qm9Exclusions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Options of {@code qm9 train}, {@code eval} and {@code info} that locate and read the data set. */
public final class Qm9DataOptions {

    @Option(names = "--data", paramLabel = "DATA", required = true,
            description = "dsgdb9nsd.xyz.tar.bz2, a folder of .xyz files, or the qm9pack wheel / folder.")
    Path data;

    @Option(names = "--exclusions", paramLabel = "FILE",
            description = "List of molecules to leave out (default: uncharacterized.txt beside or inside DATA, if present).")
    Path exclusions;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for reading and building graphs (default: processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** Creates the options; picocli fills the fields. */
    public Qm9DataOptions() {
        // picocli
    }

    /**
     * Returns the exclusion list to use.
     *
     * @return {@code --exclusions}, else {@code uncharacterized.txt} beside or inside the data, else null
     */
    Path exclusionFile() {
        return exclusions != null ? exclusions : Qm9Exclusions.defaultFile(data);
    }

    /**
     * Loads and splits the data ({@link Qm9Data#load}).
     *
     * @param scheme the split
     * @param maxTrain the most training molecules
     * @param maxEval the most validation and test molecules each
     * @param log where progress lines go
     * @return the molecules of each partition
     * @throws IOException if the data or the exclusion list cannot be read
     */
    Map<Dataset.Usage, List<Qm9Molecule>> load(Qm9SplitScheme scheme, int maxTrain, int maxEval, Consumer<String> log)
            throws IOException {
        return Qm9Data.load(data, exclusions, scheme, maxTrain, maxEval, threads, log);
    }
}
