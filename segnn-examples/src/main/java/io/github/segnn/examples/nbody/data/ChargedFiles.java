// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.NpyArray;
import io.github.segnn.examples.io.NpyFormatException;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.simulation.ChargedSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * File names and {@code .npy} layouts of the charged N-body data.
 *
 * <p><b>Reference layout</b> (what {@code generate_dataset.py} writes and {@code
 * nbody/dataset_nbody.py} reads): {@code {loc,vel,edges,charges}_{split}_charged{n}_initvel1{suffix}.npy}
 * with shapes (S, frames, 3, n), (S, frames, 3, n), (S, n, n) and (S, n, 1), float64.
 *
 * <p><b>Compact layout</b> (the experiment's frames only, as in {@code data/nbody-seed43}): {@code
 * loc30_{split}.npy}, {@code vel30_{split}.npy}, {@code loc40_{split}.npy} with shape (S, 3, n)
 * and {@code charges_{split}.npy} with shape (S, n, 1), where 30 and 40 are the input and target
 * frame indices.
 */
public final class ChargedFiles {

    /** The input frame of the reference experiment. */
    public static final int INPUT_FRAME = 30;

    /** The target frame of the reference experiment. */
    public static final int TARGET_FRAME = 40;

    private ChargedFiles() {}

    /**
     * Returns the reference data-set tag, for example {@code _charged5_initvel1small}.
     *
     * @param numParticles particles per trajectory
     * @param suffix the {@code --suffix} of the reference generator (may be empty)
     * @return the tag that follows the split name
     */
    public static String datasetTag(int numParticles, String suffix) {
        return "_charged" + numParticles + "_initvel1" + suffix;
    }

    /**
     * Returns the path of one array in the reference layout.
     *
     * @param dir the directory
     * @param quantity {@code loc}, {@code vel}, {@code edges} or {@code charges}
     * @param split the split
     * @param numParticles particles per trajectory
     * @param suffix the data-set suffix
     * @return for example {@code dir/loc_train_charged5_initvel1small.npy}
     */
    public static Path referencePath(Path dir, String quantity, Dataset.Usage split, int numParticles, String suffix) {
        return dir.resolve(quantity + "_" + Partitions.tag(split) + datasetTag(numParticles, suffix) + ".npy");
    }

    /**
     * Writes one split in the reference layout.
     *
     * @param dir an existing directory
     * @param split which split the data is
     * @param data the trajectories
     * @param suffix the data-set suffix ({@code small} for the SEGNN data)
     * @return the four files written (loc, vel, edges, charges)
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeReference(Path dir, Dataset.Usage split, ChargedSplit data, String suffix)
            throws IOException {
        int s = data.size();
        int n = data.numParticles();
        int f = data.numFrames();
        Path loc = referencePath(dir, "loc", split, n, suffix);
        Path vel = referencePath(dir, "vel", split, n, suffix);
        Path edges = referencePath(dir, "edges", split, n, suffix);
        Path charges = referencePath(dir, "charges", split, n, suffix);
        Npy.write(loc, data.loc(), s, f, 3, n);
        Npy.write(vel, data.vel(), s, f, 3, n);
        Npy.write(edges, data.edges(), s, n, n);
        Npy.write(charges, data.charges(), s, n, 1);
        return List.of(loc, vel, edges, charges);
    }

    /**
     * Reads one split in the reference layout (the edges file is checked for its shape only).
     *
     * @param dir the directory
     * @param split the split
     * @param numParticles particles per trajectory
     * @param suffix the data-set suffix
     * @return the trajectories
     * @throws NpyFormatException if a file is malformed, holds a NaN or infinity, or the shapes do
     *     not fit together
     * @throws IOException if a file cannot be read
     */
    public static ChargedSplit readReference(Path dir, Dataset.Usage split, int numParticles, String suffix)
            throws IOException {
        Path locPath = referencePath(dir, "loc", split, numParticles, suffix);
        NpyArray loc = Npy.read(locPath);
        int[] shape = loc.shape();
        if (shape.length != 4 || shape[2] != 3 || shape[3] != numParticles) {
            throw new NpyFormatException(
                    locPath, "expected shape (S, frames, 3, " + numParticles + "), got " + Arrays.toString(shape));
        }
        Path velPath = referencePath(dir, "vel", split, numParticles, suffix);
        NpyArray vel = Npy.read(velPath);
        requireShape(velPath, vel, shape);
        Path chargePath = referencePath(dir, "charges", split, numParticles, suffix);
        NpyArray charges = Npy.read(chargePath);
        requireShape(chargePath, charges, new int[] {shape[0], numParticles, 1});
        Path edgePath = referencePath(dir, "edges", split, numParticles, suffix);
        requireShape(edgePath, Npy.readHeader(edgePath).shape(), new int[] {shape[0], numParticles, numParticles});
        return new ChargedSplit(shape[1], numParticles, Npy.finiteDoubles(locPath, loc),
                Npy.finiteDoubles(velPath, vel), Npy.finiteDoubles(chargePath, charges));
    }

    /**
     * Writes the experiment's frames of one split in the compact layout.
     *
     * @param dir an existing directory
     * @param split which split the data is
     * @param frames the frames
     * @return the four files written (loc30, vel30, loc40, charges)
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeFrames(Path dir, Dataset.Usage split, ChargedFrames frames) throws IOException {
        int s = frames.size();
        int n = frames.numParticles();
        Path locIn = dir.resolve("loc" + INPUT_FRAME + "_" + Partitions.tag(split) + ".npy");
        Path velIn = dir.resolve("vel" + INPUT_FRAME + "_" + Partitions.tag(split) + ".npy");
        Path locOut = dir.resolve("loc" + TARGET_FRAME + "_" + Partitions.tag(split) + ".npy");
        Path charges = dir.resolve("charges_" + Partitions.tag(split) + ".npy");
        Npy.write(locIn, frames.locInput(), s, 3, n);
        Npy.write(velIn, frames.velInput(), s, 3, n);
        Npy.write(locOut, frames.locTarget(), s, 3, n);
        Npy.write(charges, frames.charges(), s, n, 1);
        return List.of(locIn, velIn, locOut, charges);
    }

    /**
     * Reads the experiment's frames of one split in the compact layout.
     *
     * @param dir the directory, for example {@code data/nbody-seed43}
     * @param split the split
     * @return the frames
     * @throws NpyFormatException if a file is malformed, holds a NaN or infinity, or the shapes do
     *     not fit together
     * @throws IOException if a file cannot be read
     */
    public static ChargedFrames readFrames(Path dir, Dataset.Usage split) throws IOException {
        Path chargePath = dir.resolve("charges_" + Partitions.tag(split) + ".npy");
        NpyArray charges = Npy.read(chargePath);
        int[] cs = charges.shape();
        if (cs.length != 3 || cs[2] != 1) {
            throw new NpyFormatException(chargePath, "expected shape (S, n, 1), got " + Arrays.toString(cs));
        }
        int[] frameShape = {cs[0], 3, cs[1]};
        double[][] arrays = new double[3][];
        String[] names = {"loc" + INPUT_FRAME, "vel" + INPUT_FRAME, "loc" + TARGET_FRAME};
        for (int i = 0; i < 3; i++) {
            Path p = dir.resolve(names[i] + "_" + Partitions.tag(split) + ".npy");
            NpyArray a = Npy.read(p);
            requireShape(p, a, frameShape);
            arrays[i] = Npy.finiteDoubles(p, a);
        }
        return new ChargedFrames(cs[1], arrays[0], arrays[1], arrays[2], Npy.finiteDoubles(chargePath, charges));
    }

    private static void requireShape(Path file, NpyArray array, int[] expected) throws NpyFormatException {
        requireShape(file, array.shape(), expected);
    }

    private static void requireShape(Path file, int[] shape, int[] expected) throws NpyFormatException {
        if (!Arrays.equals(shape, expected)) {
            throw new NpyFormatException(
                    file, "expected shape " + Arrays.toString(expected) + ", got " + Arrays.toString(shape));
        }
    }
}
