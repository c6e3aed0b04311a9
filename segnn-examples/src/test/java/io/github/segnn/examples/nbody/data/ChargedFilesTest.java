// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.NpyFormatException;
import io.github.segnn.examples.nbody.TestData;
import io.github.segnn.examples.nbody.simulation.ChargedSplit;
import io.github.segnn.examples.nbody.simulation.ChargedSystem;
import io.github.segnn.examples.nbody.simulation.NbodyGenerator;
import io.github.segnn.examples.random.NumpyRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChargedFilesTest {

    @TempDir Path dir;

    private final ChargedSplit split =
            NbodyGenerator.charged(ChargedSystem.builder().build(), 2).generate(new NumpyRandom(43), 3);

    @Test
    void referenceLayoutHasTheOfficialNamesAndShapes() throws IOException {
        List<Path> files = ChargedFiles.writeReference(dir, Dataset.Usage.VALIDATION, split, "small");
        assertEquals(List.of(
                dir.resolve("loc_valid_charged5_initvel1small.npy"),
                dir.resolve("vel_valid_charged5_initvel1small.npy"),
                dir.resolve("edges_valid_charged5_initvel1small.npy"),
                dir.resolve("charges_valid_charged5_initvel1small.npy")), files);
        assertArrayEquals(new int[] {3, 49, 3, 5}, Npy.readHeader(files.get(0)).shape());
        assertArrayEquals(new int[] {3, 49, 3, 5}, Npy.readHeader(files.get(1)).shape());
        assertArrayEquals(new int[] {3, 5, 5}, Npy.readHeader(files.get(2)).shape());
        assertArrayEquals(new int[] {3, 5, 1}, Npy.readHeader(files.get(3)).shape());

        ChargedSplit back = ChargedFiles.readReference(dir, Dataset.Usage.VALIDATION, 5, "small");
        assertArrayEquals(split.loc(), back.loc());
        assertArrayEquals(split.vel(), back.vel());
        assertArrayEquals(split.charges(), back.charges());
    }

    @Test
    void compactLayoutRoundTripsAndReadsTheSharedReference() throws IOException {
        ChargedFrames frames = ChargedFrames.of(split, 30, 40);
        List<Path> files = ChargedFiles.writeFrames(dir, Dataset.Usage.TEST, frames);
        assertEquals(dir.resolve("loc30_test.npy"), files.get(0));
        assertArrayEquals(new int[] {3, 3, 5}, Npy.readHeader(files.get(0)).shape());
        ChargedFrames back = ChargedFiles.readFrames(dir, Dataset.Usage.TEST);
        assertArrayEquals(frames.locTarget(), back.locTarget());
        assertArrayEquals(frames.velInput(), back.velInput());

        ChargedFrames ref = ChargedFiles.readFrames(TestData.path("reference-seed43-first50"), Dataset.Usage.TRAIN);
        assertEquals(50, ref.size());
        assertArrayEquals(new double[] {-1, 1, -1, -1, -1}, java.util.Arrays.copyOf(ref.charges(), 5));
        assertEquals(frames.locInput()[0], ref.locInput()[0], 1e-9);
    }

    @Test
    void shapeMismatchNamesTheFile() throws IOException {
        ChargedFiles.writeFrames(dir, Dataset.Usage.TRAIN, ChargedFrames.of(split, 30, 40));
        Path bad = dir.resolve("vel30_train.npy");
        Npy.write(bad, new double[3 * 4 * 5], 3, 4, 5);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> ChargedFiles.readFrames(dir, Dataset.Usage.TRAIN));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected shape [3, 3, 5], got [3, 4, 5]"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("loc40_train.npy")));
    }
}
