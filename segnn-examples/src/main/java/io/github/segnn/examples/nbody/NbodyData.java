// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the charged N-body frames of an experiment in a folder: the compact layout
 * ({@code loc30_train.npy}, ...), else the reference generator's layout
 * ({@code loc_train_charged5_initvel1small.npy}, ...), else, if asked, generates the seed-43 data
 * set with the reference defaults and writes the compact layout there.
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
    public static Map<Split, ChargedFrames> load(Path dir, boolean generate, long seed, int threads,
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
    public static Map<Split, ChargedFrames> load(Path dir, boolean generate, long seed, int[] counts, int threads,
            Consumer<String> log) throws IOException {
        Map<Split, ChargedFrames> out = new EnumMap<>(Split.class);
        if (Files.exists(dir.resolve("charges_" + Split.TRAIN.tag() + ".npy"))) {
            for (Split s : Split.values()) {
                out.put(s, ChargedFiles.readFrames(dir, s));
            }
            return out;
        }
        Path reference = ChargedFiles.referencePath(dir, "loc", Split.TRAIN, 5, "small");
        if (Files.exists(reference)) {
            for (Split s : Split.values()) {
                out.put(s, ChargedFrames.of(ChargedFiles.readReference(dir, s, 5, "small"),
                        ChargedFiles.INPUT_FRAME, ChargedFiles.TARGET_FRAME));
            }
            return out;
        }
        if (!generate) {
            throw new IOException(dir + " holds no N-body data (neither charges_train.npy nor " + reference.getFileName()
                    + "); run 'segnn nbody generate --out " + dir + "' or pass --generate");
        }
        log.accept("no data in " + dir + ": generating the charged 5-body data set (seed " + seed + ", " + counts[0]
                + "/" + counts[1] + "/" + counts[2] + " trajectories)");
        long t0 = System.nanoTime();
        ChargedGenerator gen = new ChargedGenerator(ChargedSystem.builder().build(), threads);
        Map<Split, ChargedSplit> splits = gen.generate(seed, counts[0], counts[1], counts[2]);
        Files.createDirectories(dir);
        for (Split s : Split.values()) {
            ChargedFrames f = ChargedFrames.of(splits.get(s), ChargedFiles.INPUT_FRAME, ChargedFiles.TARGET_FRAME);
            ChargedFiles.writeFrames(dir, s, f);
            out.put(s, f);
        }
        log.accept(String.format(java.util.Locale.ROOT, "generated and wrote %s in %.1f s", dir,
                (System.nanoTime() - t0) / 1e9));
        return out;
    }
}
