package io.github.segnn.examples.nbody;

import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.NpyArray;
import io.github.segnn.examples.io.NpyFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * File names and {@code .npy} layout of the gravity data, as the reference loader {@code
 * nbody/dataset_gravity.py} expects them.
 *
 * <p>Files: {@code {loc,vel,force,mass}_{split}_gravity{N}_initvel1{suffix}.npy}. The reference
 * generator saves the forces as {@code edges_*} and the masses as {@code charges_*}; these are
 * the names its loader actually opens. Shapes: loc, vel and force are (S, frames, 3, N), the axis
 * order of the charged data, so that the loader's {@code transpose(2, 3)} yields (S, frames, N, 3)
 * and its {@code loc.shape[-1]} is the number of bodies (the reference generator writes (S, frames,
 * N, 3), which that loader mis-reads); mass is (S, N, 1). All float64.
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
    public static Path path(Path dir, String quantity, Split split, int numParticles, String suffix) {
        return dir.resolve(quantity + "_" + split.tag() + datasetTag(numParticles, suffix) + ".npy");
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
    public static List<Path> write(Path dir, Split split, GravitySplit data, String suffix) throws IOException {
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
     * Reads one split written by {@link #write}.
     *
     * @param dir the directory
     * @param split the split
     * @param numParticles bodies per trajectory
     * @param suffix the data-set suffix
     * @return the trajectories
     * @throws NpyFormatException if a file is malformed or the shapes do not fit together
     * @throws IOException if a file cannot be read
     */
    public static GravitySplit read(Path dir, Split split, int numParticles, String suffix) throws IOException {
        Path locPath = path(dir, "loc", split, numParticles, suffix);
        NpyArray loc = Npy.read(locPath);
        int[] shape = loc.shape();
        if (shape.length != 4 || shape[2] != 3 || shape[3] != numParticles) {
            throw new NpyFormatException(locPath,
                    "expected shape (S, frames, 3, " + numParticles + "), got " + Arrays.toString(shape));
        }
        NpyArray vel = readShaped(path(dir, "vel", split, numParticles, suffix), shape);
        NpyArray force = readShaped(path(dir, "force", split, numParticles, suffix), shape);
        NpyArray mass = readShaped(path(dir, "mass", split, numParticles, suffix),
                new int[] {shape[0], numParticles, 1});
        return new GravitySplit(shape[1], numParticles, loc.toDoubleArray(), vel.toDoubleArray(),
                force.toDoubleArray(), mass.toDoubleArray());
    }

    private static NpyArray readShaped(Path file, int[] expected) throws IOException {
        NpyArray a = Npy.read(file);
        if (!Arrays.equals(a.shape(), expected)) {
            throw new NpyFormatException(
                    file, "expected shape " + Arrays.toString(expected) + ", got " + Arrays.toString(a.shape()));
        }
        return a;
    }
}
