// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.DataSetCheck;
import io.github.segnn.examples.io.NpyHeader;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.io.StagedFolder;
import io.github.segnn.examples.nbody.simulation.ChargedSplit;
import io.github.segnn.examples.nbody.simulation.ChargedSystem;
import io.github.segnn.examples.nbody.simulation.NbodyGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the charged N-body frames of an experiment in a folder: the compact layout
 * ({@code loc30_train.npy}, ...), else the reference generator's layout
 * ({@code loc_train_charged5_initvel1small.npy}, ...), else, if asked and the folder holds none of
 * these files, generates the seed-43 data set with the reference defaults and writes the compact
 * layout there (through a temporary folder renamed when complete: {@link StagedFolder}). A folder
 * with some of the files missing or malformed is reported, every problem listed, and left alone.
 */
public final class NbodyData {

    private NbodyData() {}

    /**
     * Loads (or generates) the three splits.
     *
     * @param dir the data folder
     * @param generate whether to generate missing data
     * @param seed the generator seed used when generating
     * @param threads integration threads when generating
     * @param log progress messages
     * @return the frames of train, valid and test
     * @throws IOException if files cannot be read or written, or data is missing and not generated
     */
    public static Map<Dataset.Usage, ChargedFrames> load(Path dir, boolean generate, long seed, int threads,
            Consumer<String> log) throws IOException {
        return load(dir, generate, seed, new int[] {10000, 2000, 2000}, threads, log);
    }

    /**
     * Loads (or generates) the three splits.
     *
     * @param dir the data folder
     * @param generate whether to generate missing data
     * @param seed the generator seed used when generating
     * @param counts train, valid and test trajectories when generating
     * @param threads integration threads when generating
     * @param log progress messages
     * @return the frames of train, valid and test
     * @throws IOException if files cannot be read or written, or data is missing and not generated
     */
    public static Map<Dataset.Usage, ChargedFrames> load(Path dir, boolean generate, long seed, int[] counts, int threads,
            Consumer<String> log) throws IOException {
        Map<Dataset.Usage, ChargedFrames> out = new EnumMap<>(Dataset.Usage.class);
        DataSetCheck compact = checkFrames(dir);
        if (compact.complete()) {
            for (Dataset.Usage s : Partitions.ORDER) {
                out.put(s, ChargedFiles.readFrames(dir, s));
            }
            return out;
        }
        DataSetCheck reference = checkReference(dir);
        if (reference.complete()) {
            for (Dataset.Usage s : Partitions.ORDER) {
                out.put(s, ChargedFrames.of(ChargedFiles.readReference(dir, s, 5, "small"),
                        ChargedFiles.INPUT_FRAME, ChargedFiles.TARGET_FRAME));
            }
            return out;
        }
        if (compact.present() > 0 || reference.present() > 0) {
            DataSetCheck partial = compact.present() >= reference.present() ? compact : reference;
            throw partial.failure("charged N-body", "Restore those files, or use another folder: 'segnn nbody train"
                    + " --data NEW_FOLDER' generates the data set there, as does 'segnn nbody generate --layout frames"
                    + " --out NEW_FOLDER'.");
        }
        if (!generate) {
            throw new IOException(dir + " holds no charged N-body data (neither charges_train.npy nor "
                    + ChargedFiles.referencePath(dir, "loc", Dataset.Usage.TRAIN, 5, "small").getFileName()
                    + "); run 'segnn nbody generate --layout frames --out " + dir + "', or 'segnn nbody train --data "
                    + dir + "', which generates it");
        }
        log.accept("no data in " + dir + ": generating the charged 5-body data set (seed " + seed + ", " + counts[0]
                + "/" + counts[1] + "/" + counts[2] + " trajectories)");
        long t0 = System.nanoTime();
        NbodyGenerator<ChargedSplit> gen = NbodyGenerator.charged(ChargedSystem.builder().build(), threads);
        Map<Dataset.Usage, ChargedSplit> splits = gen.generate(seed, counts[0], counts[1], counts[2]);
        for (Dataset.Usage s : Partitions.ORDER) {
            out.put(s, ChargedFrames.of(splits.get(s), ChargedFiles.INPUT_FRAME, ChargedFiles.TARGET_FRAME));
        }
        StagedFolder.write(dir, staging -> {
            for (Dataset.Usage s : Partitions.ORDER) {
                ChargedFiles.writeFrames(staging, s, out.get(s));
            }
        });
        log.accept(String.format(java.util.Locale.ROOT, "generated and wrote %s in %.1f s", dir,
                (System.nanoTime() - t0) / 1e9));
        return out;
    }

    /**
     * Checks the compact layout's twelve files (headers and shapes only).
     *
     * @param dir the data folder
     * @return the check: complete, absent (nothing present) or partial with its problems
     */
    public static DataSetCheck checkFrames(Path dir) {
        DataSetCheck c = new DataSetCheck(dir);
        int n = -1;
        for (Dataset.Usage s : Partitions.ORDER) {
            NpyHeader charges = c.file("charges_" + Partitions.tag(s) + ".npy", new int[] {-1, n, 1}, "(S, particles, 1)");
            int size = charges == null ? -1 : charges.shape()[0];
            if (charges != null && n < 0) {
                n = charges.shape()[1];
            }
            int particles = charges == null ? n : charges.shape()[1];
            for (String q : new String[] {"loc" + ChargedFiles.INPUT_FRAME, "vel" + ChargedFiles.INPUT_FRAME,
                "loc" + ChargedFiles.TARGET_FRAME}) {
                c.file(q + "_" + Partitions.tag(s) + ".npy", new int[] {size, 3, particles}, "(S, 3, particles)");
            }
        }
        return c;
    }

    /**
     * Checks the reference generator's twelve files of the 5-particle {@code small} data set
     * (headers and shapes only).
     *
     * @param dir the data folder
     * @return the check: complete, absent (nothing present) or partial with its problems
     */
    public static DataSetCheck checkReference(Path dir) {
        DataSetCheck c = new DataSetCheck(dir);
        int n = 5;
        for (Dataset.Usage s : Partitions.ORDER) {
            String loc = ChargedFiles.referencePath(dir, "loc", s, n, "small").getFileName().toString();
            NpyHeader h = c.file(loc, new int[] {-1, -1, 3, n}, "(S, frames, 3, " + n + ")");
            int size = h == null ? -1 : h.shape()[0];
            int frames = h == null ? -1 : h.shape()[1];
            if (h != null && frames <= ChargedFiles.TARGET_FRAME) {
                c.problem(loc, frames + " frames, the experiment needs frame " + ChargedFiles.TARGET_FRAME);
            }
            c.file(ChargedFiles.referencePath(dir, "vel", s, n, "small").getFileName().toString(),
                    new int[] {size, frames, 3, n}, "(S, frames, 3, " + n + ") like " + loc);
            c.file(ChargedFiles.referencePath(dir, "edges", s, n, "small").getFileName().toString(),
                    new int[] {size, n, n}, "(S, " + n + ", " + n + ")");
            c.file(ChargedFiles.referencePath(dir, "charges", s, n, "small").getFileName().toString(),
                    new int[] {size, n, 1}, "(S, " + n + ", 1)");
        }
        return c;
    }
}
