// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import ai.djl.training.dataset.Dataset.Usage;
import io.github.segnn.examples.io.DataSetCheck;
import io.github.segnn.examples.io.NpyHeader;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.io.StagedFolder;
import io.github.segnn.examples.nbody.simulation.GravitySplit;
import io.github.segnn.examples.nbody.simulation.GravitySystem;
import io.github.segnn.examples.nbody.simulation.NbodyGenerator;
import java.io.IOException;
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
    public static Map<Usage, ChargedFrames> load(Path dir, GravityTarget target, boolean generate, long seed,
            int[] counts, int particles, int threads, Consumer<String> log) throws IOException {
        Optional<GravityFiles.Dataset> found = GravityFiles.find(dir);
        if (found.isPresent()) {
            DataSetCheck check = check(dir, found.get());
            if (!check.complete()) {
                throw check.failure("gravity N-body", "Restore those files, or use another folder: 'segnn nbody train"
                        + " --system gravity --data NEW_FOLDER' generates the data set there, as does 'segnn nbody"
                        + " generate --system gravity --out NEW_FOLDER'.");
            }
        } else {
            if (!generate) {
                throw new IOException(dir + " holds no gravity data (no loc_train_gravity<N>_initvel1<suffix>.npy); run"
                        + " 'segnn nbody generate --system gravity --out " + dir + "' or 'segnn nbody train --system"
                        + " gravity', which generates it");
            }
            generate(dir, seed, counts, particles, threads, log);
            found = GravityFiles.find(dir);
        }
        GravityFiles.Dataset dataset = found.orElseThrow();
        Map<Usage, ChargedFrames> out = new EnumMap<>(Usage.class);
        for (Usage s : Partitions.ORDER) {
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
        Map<Usage, GravitySplit> splits = NbodyGenerator.gravity(system, threads).generate(seed, counts[0], counts[1],
                counts[2]);
        StagedFolder.write(dir, staging -> {
            for (Usage s : Partitions.ORDER) {
                GravityFiles.write(staging, s, splits.get(s), SUFFIX);
            }
        });
        log.accept(String.format(Locale.ROOT, "generated and wrote %s in %.1f s", dir, (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Checks every file of a gravity data set (headers and shapes only): for each split the
     * positions, velocities, forces ({@code force_} or {@code edges_}) and masses ({@code mass_} or
     * {@code charges_}), with at least {@link #TARGET_FRAME} + 1 frames.
     *
     * @param dir the data folder
     * @param dataset the data set's name parts
     * @return the check, complete or with its problems
     */
    public static DataSetCheck check(Path dir, GravityFiles.Dataset dataset) {
        DataSetCheck c = new DataSetCheck(dir);
        int n = dataset.numParticles();
        for (Usage s : Partitions.ORDER) {
            String loc = name(dir, "loc", s, dataset);
            NpyHeader h = c.file(loc);
            int[] like = null;
            if (h != null) {
                int[] shape = h.shape();
                boolean ok = shape.length == 4 && ((shape[2] == 3 && shape[3] == n) || (shape[2] == n && shape[3] == 3));
                if (!ok) {
                    c.problem(loc, "expected shape (S, frames, 3, " + n + ") or (S, frames, " + n + ", 3), got "
                            + java.util.Arrays.toString(shape));
                } else if (shape[1] <= TARGET_FRAME) {
                    c.problem(loc, shape[1] + " frames, the experiment needs frame " + TARGET_FRAME);
                } else {
                    like = shape;
                }
            }
            int[] same = like != null ? like : new int[] {-1, -1, -1, -1};
            c.file(name(dir, "vel", s, dataset), same, "like " + loc);
            String force = c.has(name(dir, "force", s, dataset)) || !c.has(name(dir, "edges", s, dataset))
                    ? name(dir, "force", s, dataset) : name(dir, "edges", s, dataset);
            c.file(force, same, "like " + loc);
            String mass = c.has(name(dir, "mass", s, dataset)) || !c.has(name(dir, "charges", s, dataset))
                    ? name(dir, "mass", s, dataset) : name(dir, "charges", s, dataset);
            c.file(mass, new int[] {like != null ? like[0] : -1, n, 1}, "(S, " + n + ", 1)");
        }
        return c;
    }

    private static String name(Path dir, String quantity, Usage split, GravityFiles.Dataset d) {
        return GravityFiles.path(dir, quantity, split, d.numParticles(), d.suffix()).getFileName().toString();
    }
}
