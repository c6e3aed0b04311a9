// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the test resources under {@code src/test/resources/qm9}. */
public final class Qm9TestData {

    private Qm9TestData() {}

    /** Returns the folder holding the 20 sample release files. */
    public static Path xyzFolder() {
        return resource("/qm9/xyz");
    }

    /** Returns one sample release file, e.g. {@code sample(1)} for dsgdb9nsd_000001.xyz. */
    public static Path sample(int gdbIndex) {
        return xyzFolder().resolve(String.format("dsgdb9nsd_%06d.xyz", gdbIndex));
    }

    /** Returns the text of one sample release file. */
    public static String sampleText(int gdbIndex) {
        try {
            return Files.readString(sample(gdbIndex), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a test resource by absolute class path name. */
    public static Path resource(String name) {
        URL url = Qm9TestData.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
