// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import ai.djl.training.dataset.Dataset.Usage;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.NpyArray;
import io.github.segnn.examples.io.NpyFormatException;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.simulation.GravitySplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File names and {@code .npy} layout of the gravity data.
 *
 * <p><b>Written</b> ({@link #write}): {@code {loc,vel,force,mass}_{split}_gravity{N}_initvel1{suffix}.npy},
 * the names the reference loader {@code nbody/dataset_gravity.py} opens. Shapes: loc, vel and force
 * are (S, frames, 3, N), the axis order of the charged data, so that the loader's {@code
 * transpose(2, 3)} yields (S, frames, N, 3) and its {@code loc.shape[-1]} is the number of bodies;
 * mass is (S, N, 1). All float64.
 *
 * <p><b>Read</b> ({@link #read}, {@link #readFrames}): these files, and also the reference
 * generator's own output, which saves the forces as {@code edges_*}, the masses as {@code
 * charges_*} and loc, vel and force as (S, frames, N, 3) (ADDENDUM 2, "Files and their
 * pitfalls"). The names are tried in that order ({@code force_} before {@code edges_}, {@code
 * mass_} before {@code charges_}); the axis order is taken from the shape, (S, frames, 3, N) or
 * (S, frames, N, 3), and for N = 3, where both fit, from the name ({@code edges_} means the
 * generator's order). Arrays of any numeric dtype are read as doubles.
 */
public final class GravityFiles {

    private GravityFiles() {}

    /**
     * Returns the data-set tag, for example {@code _gravity100_initvel1small}.
     *
     * @param numParticles bodies per trajectory
     * @param suffix the {@code --suffix} of the reference generator (may be empty)
     * @return the tag that follows the split name
     */
    public static String datasetTag(int numParticles, String suffix) {
        return "_gravity" + numParticles + "_initvel1" + suffix;
    }

    /**
     * Returns the path of one array.
     *
     * @param dir the directory
     * @param quantity {@code loc}, {@code vel}, {@code force} or {@code mass}
     * @param split the split
     * @param numParticles bodies per trajectory
     * @param suffix the data-set suffix
     * @return for example {@code dir/force_train_gravity100_initvel1small.npy}
     */
    public static Path path(Path dir, String quantity, Usage split, int numParticles, String suffix) {
        return dir.resolve(quantity + "_" + Partitions.tag(split) + datasetTag(numParticles, suffix) + ".npy");
    }

    /**
     * Writes one split.
     *
     * @param dir an existing directory
     * @param split which split the data is
     * @param data the trajectories
     * @param suffix the data-set suffix ({@code small} for the SEGNN data)
     * @return the four files written (loc, vel, force, mass)
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path dir, Usage split, GravitySplit data, String suffix) throws IOException {
        int s = data.size();
        int n = data.numParticles();
        int f = data.numFrames();
        Path loc = path(dir, "loc", split, n, suffix);
        Path vel = path(dir, "vel", split, n, suffix);
        Path force = path(dir, "force", split, n, suffix);
        Path mass = path(dir, "mass", split, n, suffix);
        Npy.write(loc, data.loc(), s, f, 3, n);
        Npy.write(vel, data.vel(), s, f, 3, n);
        Npy.write(force, data.force(), s, f, 3, n);
        Npy.write(mass, data.mass(), s, n, 1);
        return List.of(loc, vel, force, mass);
    }

    /**
     * Finds the gravity data set in a folder: any {@code {quantity}_{split}_gravity{N}_initvel1{suffix}.npy}
     * file, preferring the suffix {@code small} if there are several.
     *
     * @param dir the folder
     * @return the bodies per trajectory and the suffix, or empty if the folder holds none
     * @throws IOException if the folder cannot be listed
     */
    public static Optional<Dataset> find(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        // any file of a data set counts, so that a set missing its training positions is found (and
        // reported incomplete) rather than mistaken for no data
        Pattern name = Pattern.compile("(?:loc|vel|force|edges|mass|charges)_(?:train|valid|test)_gravity(\\d+)"
                + "_initvel1(.*)\\.npy");
        List<Dataset> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> new Dataset(Integer.parseInt(m.group(1)), m.group(2))).distinct().forEach(found::add);
        }
        found.sort(Comparator.comparing((Dataset d) -> !d.suffix().equals("small"))
                .thenComparing(Dataset::suffix).thenComparingInt(Dataset::numParticles));
        return found.stream().findFirst();
    }

    /**
     * A gravity data set's name parts.
     *
     * @param numParticles bodies per trajectory
     * @param suffix the data-set suffix
     */
    public record Dataset(int numParticles, String suffix) {}

    /**
     * Reads one split, in either file layout (see the class comment).
     *
     * @param dir the directory
     * @param split the split
     * @param numParticles bodies per trajectory
     * @param suffix the data-set suffix
     * @return the trajectories, axes (S, frames, 3, N)
     * @throws NpyFormatException if a file is malformed or the shapes do not fit together
     * @throws IOException if a file cannot be read
     */
    public static GravitySplit read(Path dir, Usage split, int numParticles, String suffix) throws IOException {
        Quantity loc = Quantity.read(dir, split, numParticles, suffix, "loc", null);
        Quantity vel = Quantity.read(dir, split, numParticles, suffix, "vel", loc);
        Quantity force = Quantity.read(dir, split, numParticles, suffix, "force", loc);
        return new GravitySplit(loc.frames, numParticles, loc.allFrames(), vel.allFrames(), force.allFrames(),
                readMass(dir, split, numParticles, suffix, loc.size));
    }

    /**
     * Reads the two frames an experiment uses, without keeping the full trajectories: positions and
     * velocities at {@code inputFrame}, positions (or forces) at {@code targetFrame}, and the masses
     * in place of the charges.
     *
     * @param dir the directory
     * @param split the split
     * @param dataset the data set's name parts
     * @param inputFrame the input frame (30 in the reference experiment)
     * @param targetFrame the target frame (40)
     * @param forceTarget whether the target is the force instead of the position
     * @return the frames, axes (S, 3, N)
     * @throws IOException if a file cannot be read or does not fit
     */
    public static ChargedFrames readFrames(Path dir, Usage split, Dataset dataset, int inputFrame, int targetFrame,
            boolean forceTarget) throws IOException {
        int n = dataset.numParticles();
        String suffix = dataset.suffix();
        Quantity loc = Quantity.read(dir, split, n, suffix, "loc", null);
        double[] locIn = loc.frame(inputFrame);
        double[] target = forceTarget ? null : loc.frame(targetFrame);
        loc = null; // the full array may be large: let it go before the next one is read
        double[] velIn = Quantity.read(dir, split, n, suffix, "vel", null).frame(inputFrame);
        if (forceTarget) {
            target = Quantity.read(dir, split, n, suffix, "force", null).frame(targetFrame);
        }
        return new ChargedFrames(n, locIn, velIn, target, readMass(dir, split, n, suffix, locIn.length / (3 * n)));
    }

    private static double[] readMass(Path dir, Usage split, int n, String suffix, int size) throws IOException {
        Path file = existing(dir, split, n, suffix, "mass", "charges");
        NpyArray a = Npy.read(file);
        int[] expected = {size, n, 1};
        if (!Arrays.equals(a.shape(), expected)) {
            throw new NpyFormatException(
                    file, "expected shape " + Arrays.toString(expected) + ", got " + Arrays.toString(a.shape()));
        }
        return Npy.finiteDoubles(file, a);
    }

    /** The reference loader's name first, then the reference generator's. */
    private static Path existing(Path dir, Usage split, int n, String suffix, String name, String generatorName) {
        Path file = path(dir, name, split, n, suffix);
        if (generatorName != null && !Files.exists(file)) {
            Path alternative = path(dir, generatorName, split, n, suffix);
            if (Files.exists(alternative)) {
                return alternative;
            }
        }
        return file;
    }

    /** One (S, frames, 3, N) or (S, frames, N, 3) array. */
    private static final class Quantity {
        final int size;
        final int frames;
        final int n;
        final boolean bodiesLast;
        final double[] data;

        private Quantity(int size, int frames, int n, boolean bodiesLast, double[] data) {
            this.size = size;
            this.frames = frames;
            this.n = n;
            this.bodiesLast = bodiesLast;
            this.data = data;
        }

        static Quantity read(Path dir, Usage split, int n, String suffix, String name, Quantity like)
                throws IOException {
            Path file = existing(dir, split, n, suffix, name, name.equals("force") ? "edges" : null);
            NpyArray a = Npy.read(file);
            int[] shape = a.shape();
            boolean chargedOrder = shape.length == 4 && shape[2] == 3 && shape[3] == n;
            boolean generatorOrder = shape.length == 4 && shape[2] == n && shape[3] == 3;
            if (!chargedOrder && !generatorOrder) {
                throw new NpyFormatException(file, "expected shape (S, frames, 3, " + n + ") or (S, frames, " + n
                        + ", 3), got " + Arrays.toString(shape));
            }
            if (chargedOrder && generatorOrder) {
                chargedOrder = !file.getFileName().toString().startsWith("edges_");
            }
            if (like != null && (shape[0] != like.size || shape[1] != like.frames)) {
                throw new NpyFormatException(file, "expected " + like.size + " trajectories of " + like.frames
                        + " frames like the positions, got " + Arrays.toString(shape));
            }
            return new Quantity(shape[0], shape[1], n, chargedOrder, Npy.finiteDoubles(file, a));
        }

        /** One frame of every trajectory, (S, 3, N). */
        double[] frame(int f) {
            if (f < 0 || f >= frames) {
                throw new IllegalArgumentException("frame " + f + " does not exist: the data has " + frames
                        + " frames per trajectory");
            }
            double[] out = new double[size * 3 * n];
            for (int s = 0; s < size; s++) {
                copyFrame(s, f, out, s * 3 * n);
            }
            return out;
        }

        /** All frames, (S, frames, 3, N). */
        double[] allFrames() {
            if (bodiesLast) {
                return data;
            }
            double[] out = new double[data.length];
            for (int s = 0; s < size; s++) {
                for (int f = 0; f < frames; f++) {
                    copyFrame(s, f, out, (s * frames + f) * 3 * n);
                }
            }
            return out;
        }

        private void copyFrame(int s, int f, double[] out, int at) {
            int from = (s * frames + f) * 3 * n;
            if (bodiesLast) {
                System.arraycopy(data, from, out, at, 3 * n);
                return;
            }
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < 3; c++) {
                    out[at + c * n + k] = data[from + k * 3 + c];
                }
            }
        }
    }
}
