// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.qm9.io.Qm9Exclusions;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads QM9 for training and evaluation: reads the molecules (without the excluded ones), splits
 * them as SEGNN does, and optionally keeps only part of the training molecules.
 *
 * <p>With an exclusion list the split permutes all GDB-9 indices that are not excluded (130,831
 * for the official {@code uncharacterized.txt}), whatever the data holds, and each partition keeps
 * the molecules present: a subset of the release gives the partitions of the full split. Without
 * one, the split permutes the indices present, which is the official split only if the data is
 * already filtered.
 */
public final class Qm9Data {

    private Qm9Data() {}

    /**
     * Parses the {@code --split} option.
     *
     * @param name {@code cormorant} or {@code 110k}
     * @return the scheme
     * @throws IllegalArgumentException for another name
     */
    public static Qm9SplitScheme scheme(String name) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "cormorant":
                return Qm9SplitScheme.CORMORANT;
            case "110k":
                return Qm9SplitScheme.TRAIN_110K;
            default:
                throw new IllegalArgumentException("--split must be cormorant or 110k, got '" + name + "'");
        }
    }

    /**
     * Loads and splits the data.
     *
     * @param data the release archive, a folder of {@code .xyz} files, or qm9pack data
     * @param exclusions the exclusion list, or null to look for {@code uncharacterized.txt} beside
     *     or inside {@code data}
     * @param scheme the split
     * @param maxTrain the most training molecules to keep: the first ones of the split's
     *     permutation order, a random subset
     * @param maxEval the most validation and test molecules to keep each (a random subset chosen
     *     the same way, then in increasing GDB-9 order); {@code Integer.MAX_VALUE} for all
     * @param threads parsing threads
     * @param log where progress lines go
     * @return the molecules of train (permutation order), valid and test (increasing GDB-9 index)
     * @throws IOException if the data or the exclusion list cannot be read
     * @throws IllegalArgumentException if a partition is empty or the data too small for the split
     */
    public static Map<Dataset.Usage, List<Qm9Molecule>> load(Path data, Path exclusions, Qm9SplitScheme scheme,
            int maxTrain, int maxEval, int threads, Consumer<String> log) throws IOException {
        if (maxTrain < 1) {
            throw new IllegalArgumentException("--max-train must be >= 1, got " + maxTrain);
        }
        if (maxEval < 1) {
            throw new IllegalArgumentException("--max-eval must be >= 1, got " + maxEval);
        }
        Path exclusionFile = exclusions != null ? exclusions : Qm9Exclusions.defaultFile(data);
        Qm9Exclusions excluded = exclusionFile != null ? Qm9Exclusions.read(exclusionFile) : Qm9Exclusions.none();
        long t0 = System.nanoTime();
        List<Qm9Molecule> molecules = Qm9Reader.builder().optThreads(threads).optExclusions(excluded).build().read(data);
        log.accept(String.format(Locale.ROOT, "read %d molecules from %s in %.1f s", molecules.size(), data,
                (System.nanoTime() - t0) / 1e9));
        int[] included;
        if (exclusionFile != null) {
            log.accept("exclusions: " + excluded.size() + " molecules listed in " + exclusionFile);
            included = excluded.includedIndices(Qm9Exclusions.GDB9_SIZE);
        } else {
            log.accept("exclusions: none found; the split permutes the " + molecules.size() + " molecules present"
                    + " (the official split needs --exclusions uncharacterized.txt)");
            included = molecules.stream().mapToInt(Qm9Molecule::gdbIndex).toArray();
        }
        Qm9Split split;
        try {
            split = Qm9Split.create(scheme, included, Qm9Split.REFERENCE_SEED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (exclusionFile == null
                    ? "; to use part of QM9, give --exclusions uncharacterized.txt so that the split covers all of"
                            + " GDB-9" : ""));
        }
        int maxIndex = 0;
        for (Qm9Molecule m : molecules) {
            maxIndex = Math.max(maxIndex, m.gdbIndex());
        }
        Qm9Molecule[] byIndex = new Qm9Molecule[maxIndex + 1];
        for (Qm9Molecule m : molecules) {
            byIndex[m.gdbIndex()] = m;
        }
        Map<Dataset.Usage, List<Qm9Molecule>> parts = new EnumMap<>(Dataset.Usage.class);
        parts.put(Dataset.Usage.TRAIN, first(split, Dataset.Usage.TRAIN, byIndex, maxTrain));
        for (Dataset.Usage p : new Dataset.Usage[] {Dataset.Usage.VALIDATION, Dataset.Usage.TEST}) {
            List<Qm9Molecule> list = maxEval == Integer.MAX_VALUE ? split.select(molecules, p)
                    : first(split, p, byIndex, maxEval);
            list.sort(Comparator.comparingInt(Qm9Molecule::gdbIndex));
            parts.put(p, list);
        }
        StringBuilder line = new StringBuilder(scheme.name().toLowerCase(Locale.ROOT) + " split (seed 0) of N = "
                + split.totalSize() + ":");
        for (Dataset.Usage p : Partitions.ORDER) {
            line.append(String.format(Locale.ROOT, " %s %d/%d", Partitions.tag(p), parts.get(p).size(), split.size(p)));
        }
        log.accept(line + " (used/in split)");
        for (Dataset.Usage p : Partitions.ORDER) {
            if (parts.get(p).isEmpty()) {
                throw new IllegalArgumentException(data + " holds no molecule of the " + Partitions.tag(p) + " partition");
            }
        }
        return parts;
    }

    /** The first {@code max} molecules of a partition in permutation order that the data holds. */
    private static List<Qm9Molecule> first(Qm9Split split, Dataset.Usage p, Qm9Molecule[] byIndex, int max) {
        List<Qm9Molecule> out = new ArrayList<>();
        for (int index : split.indices(p)) {
            if (out.size() == max) {
                break;
            }
            if (index < byIndex.length && byIndex[index] != null) {
                out.add(byIndex[index]);
            }
        }
        return out;
    }
}
