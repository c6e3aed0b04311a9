// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.cli;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.djl.io.IoMessages;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.data.Qm9Split;
import io.github.segnn.examples.qm9.io.Qm9Exclusions;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qm9 info}: loads the data set once and prints how many molecules were read, how long it
 * took, how many the exclusion list removed, and the sizes of the Cormorant split. It is the quick
 * check that a download or a copy of the data is complete.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Load QM9 and print counts, load time and split sizes.",
            "DATA: dsgdb9nsd.xyz.tar.bz2 (or .tar/.tar.gz), a folder of .xyz files,",
            "or the qm9pack wheel / its folder of qm9_part*.csv."
        })
public final class Qm9InfoCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Mixin
    private Qm9DataOptions dataOptions;

    /**
     * Loads the data and prints the summary.
     *
     * @return 0 on success, 1 if the data or the exclusion list cannot be read
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path data = dataOptions.data;
            int threads = dataOptions.threads;
            Path exclusionFile = dataOptions.exclusionFile();
            Qm9Exclusions excluded = exclusionFile != null ? Qm9Exclusions.read(exclusionFile) : Qm9Exclusions.none();
            Qm9Reader reader = Qm9Reader.builder().optThreads(threads).optExclusions(excluded).build();
            long start = System.nanoTime();
            List<Qm9Molecule> molecules = reader.read(data);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "read %d molecules from %s in %.1f s (%d parsing threads)%n",
                    molecules.size(), data, seconds, threads);
            int[] included;
            if (exclusionFile != null) {
                out.printf(Locale.ROOT, "exclusions: %d molecules listed in %s%n", excluded.size(), exclusionFile);
                included = excluded.includedIndices(Qm9Exclusions.GDB9_SIZE);
            } else {
                out.println("exclusions: none given; the split uses the molecules present");
                included = molecules.stream().mapToInt(Qm9Molecule::gdbIndex).toArray();
            }
            if (included.length < 100_000) {
                out.printf(Locale.ROOT, "split: not computed, %d molecules are fewer than the 100000 of train%n",
                        included.length);
                out.flush();
                return 0;
            }
            Qm9Split split = Qm9Split.cormorant(included);
            StringBuilder line = new StringBuilder("cormorant split (seed 0) of N = " + split.totalSize() + ":");
            for (Dataset.Usage p : Partitions.ORDER) {
                int present = split.select(molecules, p).size();
                line.append(String.format(Locale.ROOT, " %s %d/%d", Partitions.tag(p), present, split.size(p)));
            }
            out.println(line.append(" (present/expected)"));
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("qm9 info: " + IoMessages.describe(e).replace('\n', ' '));
            err.flush();
            return 1;
        }
    }
}
