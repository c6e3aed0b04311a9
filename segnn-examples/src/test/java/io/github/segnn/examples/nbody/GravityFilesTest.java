package io.github.segnn.examples.nbody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.segnn.examples.io.Npy;
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
        GravitySplit split = new GravityGenerator(system, 2).generate(new NumpyRandom(43), 2);
        List<Path> files = GravityFiles.write(dir, Split.TRAIN, split, "small");
        assertEquals(List.of(
                dir.resolve("loc_train_gravity6_initvel1small.npy"),
                dir.resolve("vel_train_gravity6_initvel1small.npy"),
                dir.resolve("force_train_gravity6_initvel1small.npy"),
                dir.resolve("mass_train_gravity6_initvel1small.npy")), files);
        assertArrayEquals(new int[] {2, 3, 3, 6}, Npy.readHeader(files.get(0)).shape());
        assertArrayEquals(new int[] {2, 3, 3, 6}, Npy.readHeader(files.get(2)).shape());
        assertArrayEquals(new int[] {2, 6, 1}, Npy.readHeader(files.get(3)).shape());

        GravitySplit back = GravityFiles.read(dir, Split.TRAIN, 6, "small");
        assertArrayEquals(split.loc(), back.loc());
        assertArrayEquals(split.force(), back.force());
        assertArrayEquals(split.mass(), back.mass());

        GravityTrajectory second = system.integrate(system.drawInitialState(skipOne(system)));
        double[] frame1 = java.util.Arrays.copyOfRange(back.loc(), (3 + 1) * 18, (3 + 2) * 18);
        assertArrayEquals(java.util.Arrays.copyOfRange(second.loc(), 18, 36), frame1);
    }

    private static NumpyRandom skipOne(GravitySystem system) {
        NumpyRandom rng = new NumpyRandom(43);
        system.drawInitialState(rng);
        return rng;
    }
}
