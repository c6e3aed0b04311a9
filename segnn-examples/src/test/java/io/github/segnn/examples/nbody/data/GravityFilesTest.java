// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.nbody.simulation.GravitySplit;
import io.github.segnn.examples.nbody.simulation.GravitySystem;
import io.github.segnn.examples.nbody.simulation.GravityTrajectory;
import io.github.segnn.examples.nbody.simulation.NbodyGenerator;
import io.github.segnn.examples.random.NumpyRandom;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GravityFilesTest {

    @TempDir Path dir;

    @Test
    void writesTheNamesTheLoaderOpensInChargedAxisOrder() throws IOException {
        GravitySystem system = GravitySystem.builder().optNumParticles(6).optSteps(300).build();
        GravitySplit split = NbodyGenerator.gravity(system, 2).generate(new NumpyRandom(43), 2);
        List<Path> files = GravityFiles.write(dir, Usage.TRAIN, split, "small");
        assertEquals(List.of(
                dir.resolve("loc_train_gravity6_initvel1small.npy"),
                dir.resolve("vel_train_gravity6_initvel1small.npy"),
                dir.resolve("force_train_gravity6_initvel1small.npy"),
                dir.resolve("mass_train_gravity6_initvel1small.npy")), files);
        assertArrayEquals(new int[] {2, 3, 3, 6}, Npy.readHeader(files.get(0)).shape());
        assertArrayEquals(new int[] {2, 3, 3, 6}, Npy.readHeader(files.get(2)).shape());
        assertArrayEquals(new int[] {2, 6, 1}, Npy.readHeader(files.get(3)).shape());

        GravitySplit back = GravityFiles.read(dir, Usage.TRAIN, 6, "small");
        assertArrayEquals(split.loc(), back.loc());
        assertArrayEquals(split.force(), back.force());
        assertArrayEquals(split.mass(), back.mass());

        GravityTrajectory second = system.integrate(system.drawInitialState(skipOne(system)));
        double[] frame1 = java.util.Arrays.copyOfRange(back.loc(), (3 + 1) * 18, (3 + 2) * 18);
        assertArrayEquals(java.util.Arrays.copyOfRange(second.loc(), 18, 36), frame1);
    }

    @Test
    void readsTheReferenceGeneratorsNamesAndAxisOrderToo() throws IOException {
        GravitySystem system = GravitySystem.builder().optNumParticles(4).optSteps(1200).build();
        GravitySplit split = NbodyGenerator.gravity(system, 2).generate(new NumpyRandom(43), 3);
        int s = split.size();
        int f = split.numFrames();
        int n = split.numParticles();
        // generate_dataset.py: force as edges_, mass as charges_, frames as (S, frames, N, 3)
        Npy.write(GravityFiles.path(dir, "loc", Usage.TEST, n, "small"), bodiesFirst(split.loc(), s, f, n), s, f, n, 3);
        Npy.write(GravityFiles.path(dir, "vel", Usage.TEST, n, "small"), bodiesFirst(split.vel(), s, f, n), s, f, n, 3);
        Npy.write(GravityFiles.path(dir, "edges", Usage.TEST, n, "small"), bodiesFirst(split.force(), s, f, n), s, f,
                n, 3);
        Npy.write(GravityFiles.path(dir, "charges", Usage.TEST, n, "small"), split.mass(), s, n, 1);
        GravitySplit back = GravityFiles.read(dir, Usage.TEST, n, "small");
        assertArrayEquals(split.loc(), back.loc());
        assertArrayEquals(split.vel(), back.vel());
        assertArrayEquals(split.force(), back.force());
        assertArrayEquals(split.mass(), back.mass());

        // the test split alone is found as a data set, which the check reports incomplete (so that a
        // loader never takes it for an empty folder and generates over it)
        assertEquals(new GravityFiles.Dataset(4, "small"), GravityFiles.find(dir).orElseThrow());
        io.github.segnn.examples.io.DataSetCheck partial = GravityData.check(dir, GravityFiles.find(dir).get());
        assertTrue(partial.problems().contains("loc_train_gravity4_initvel1small.npy: missing"),
                partial.problems().toString());
        GravityFiles.write(dir, Usage.TRAIN, split, "small");
        GravityFiles.Dataset dataset = GravityFiles.find(dir).orElseThrow();
        assertEquals(new GravityFiles.Dataset(4, "small"), dataset);
        for (Usage which : new Usage[] {Usage.TRAIN, Usage.TEST}) {
            for (boolean force : new boolean[] {false, true}) {
                ChargedFrames frames = GravityFiles.readFrames(dir, which, dataset, 5, 11, force);
                assertArrayEquals(frame(split.loc(), s, f, n, 5), frames.locInput());
                assertArrayEquals(frame(split.vel(), s, f, n, 5), frames.velInput());
                assertArrayEquals(frame(force ? split.force() : split.loc(), s, f, n, 11), frames.locTarget());
                assertArrayEquals(split.mass(), frames.charges());
            }
        }
        String msg = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GravityFiles.readFrames(dir, Usage.TRAIN, dataset, 30, 40, false)).getMessage();
        assertTrue(msg.contains("12 frames"), msg);
    }

    /** (S, frames, 3, N) to (S, frames, N, 3). */
    private static double[] bodiesFirst(double[] a, int s, int f, int n) {
        double[] out = new double[a.length];
        for (int t = 0; t < s * f; t++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < n; k++) {
                    out[t * 3 * n + k * 3 + c] = a[t * 3 * n + c * n + k];
                }
            }
        }
        return out;
    }

    /** Frame {@code frame} of every trajectory, (S, 3, N). */
    private static double[] frame(double[] a, int s, int f, int n, int frame) {
        double[] out = new double[s * 3 * n];
        for (int t = 0; t < s; t++) {
            System.arraycopy(a, (t * f + frame) * 3 * n, out, t * 3 * n, 3 * n);
        }
        return out;
    }

    private static NumpyRandom skipOne(GravitySystem system) {
        NumpyRandom rng = new NumpyRandom(43);
        system.drawInitialState(rng);
        return rng;
    }
}
