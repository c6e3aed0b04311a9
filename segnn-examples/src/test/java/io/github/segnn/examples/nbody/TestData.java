// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody;

import ai.djl.training.dataset.Dataset;
import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.io.Partitions;
import io.github.segnn.examples.nbody.data.ChargedFiles;
import io.github.segnn.examples.nbody.data.ChargedFrames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Access to the N-body test resources, which lie in this package. */
public final class TestData {

    private TestData() {}

    /** Returns the path of a resource next to this class. */
    public static Path path(String name) {
        try {
            var url = TestData.class.getResource(name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(name, e);
        }
    }

    /** Reads a float64 {@code .npy} resource. */
    public static double[] doubles(String name) {
        try {
            return Npy.read(path(name)).doubles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one hexadecimal double from a "name value" line of a text resource. */
    public static double hexValue(String resource, String key) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                TestData.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] p = line.split(" ");
                if (p.length == 2 && p[0].equals(key)) {
                    return Double.parseDouble(p[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no " + key + " in " + resource);
    }

    /** Reads the three splits of the first 50 trajectories of the seed-43 reference data set. */
    public static Map<Dataset.Usage, ChargedFrames> referenceFrames() throws IOException {
        Path dir = path("reference-seed43-first50");
        Map<Dataset.Usage, ChargedFrames> m = new EnumMap<>(Dataset.Usage.class);
        for (Dataset.Usage s : Partitions.ORDER) {
            m.put(s, ChargedFiles.readFrames(dir, s));
        }
        return m;
    }
}
