// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the gravity N-body frames of an experiment in a folder ({@link GravityFiles}'s files, or
 * the reference generator's {@code edges_}/{@code charges_} files) and, if asked, generates the
 * data set with the reference defaults (100 bodies) first. The frames are those of {@code
 * train_gravity.py}: frame 30 in, frame 40 the target; the masses take the place of the charges.
 */
public final class GravityData {

    /** The input frame of the reference experiment. */
    public static final int INPUT_FRAME = 30;

    /** The target frame of the reference experiment. */
    public static final int TARGET_FRAME = 40;

    /** The suffix of generated data sets. */
    public static final String SUFFIX = "small";

    private GravityData() {}

    /**
     * Loads (or generates) the three splits.
     *
     * @param dir the data folder
     * @param target positions or forces at the target frame
     * @param generate whether to generate missing data
     * @param seed the generator seed used when generating
     * @param counts train, valid and test trajectories when generating
     * @param particles bodies per system when generating (100 in the reference)
     * @param threads integration threads when generating
     * @param log progress messages
     * @return the frames of train, valid and test
     * @throws IOException if files cannot be read or written, or data is missing and not generated
     */
    public static Map<Split, ChargedFrames> load(Path dir, GravityTarget target, boolean generate, long seed,
            int[] counts, int particles, int threads, Consumer<String> log) throws IOException {
        Optional<GravityFiles.Dataset> found = GravityFiles.find(dir);
        if (found.isEmpty()) {
            if (!generate) {
                throw new IOException(dir + " holds no gravity data (no loc_train_gravity<N>_initvel1<suffix>.npy); run"
                        + " 'segnn nbody generate --system gravity --out " + dir + "' or 'segnn nbody train --system"
                        + " gravity', which generates it");
            }
            generate(dir, seed, counts, particles, threads, log);
            found = GravityFiles.find(dir);
        }
        GravityFiles.Dataset dataset = found.orElseThrow();
        Map<Split, ChargedFrames> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            out.put(s, GravityFiles.readFrames(dir, s, dataset, INPUT_FRAME, TARGET_FRAME,
                    target == GravityTarget.FORCE));
        }
        return out;
    }

    private static void generate(Path dir, long seed, int[] counts, int particles, int threads,
            Consumer<String> log) throws IOException {
        GravitySystem system = GravitySystem.builder().optNumParticles(particles).build();
        log.accept(String.format(Locale.ROOT, "no gravity data in %s: generating the %d-body data set (seed %d, "
                + "%d/%d/%d trajectories; about 0.5 CPU-seconds each for 100 bodies)", dir, system.numParticles(), seed, counts[0],
                counts[1], counts[2]));
        long t0 = System.nanoTime();
        Map<Split, GravitySplit> splits = new GravityGenerator(system, threads).generate(seed, counts[0], counts[1],
                counts[2]);
        Files.createDirectories(dir);
        for (Split s : Split.values()) {
            GravityFiles.write(dir, s, splits.get(s), SUFFIX);
        }
        log.accept(String.format(Locale.ROOT, "generated and wrote %s in %.1f s", dir, (System.nanoTime() - t0) / 1e9));
    }
}
