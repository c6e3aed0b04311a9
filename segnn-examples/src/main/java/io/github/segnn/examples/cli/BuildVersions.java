// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build was made with: the library's own, DJL's and PyTorch's, as the POMs
 * state them (the resource {@code versions.properties} is filled in by Maven's resource filtering,
 * so each version is written once, in the POMs).
 *
 * @param segnn the version of the SEGNN on DJL artifacts
 * @param djl the DJL version
 * @param pytorch the PyTorch (libtorch) version of the native library
 */
record BuildVersions(String segnn, String djl, String pytorch) {

    /** The class-path resource, beside this class. */
    static final String RESOURCE = "versions.properties";

    /**
     * Reads the versions recorded at build time.
     *
     * @return the versions
     * @throws IllegalStateException when the resource is missing or was not filtered (a build that
     *     did not go through Maven)
     */
    static BuildVersions read() {
        Properties p = new Properties();
        try (InputStream in = BuildVersions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the build's " + RESOURCE + " is missing from the class path; build with Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's " + RESOURCE + ": " + e.getMessage(), e);
        }
        return new BuildVersions(
                value(p, "segnn.version"), value(p, "djl.version"), value(p, "pytorch.version"));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.contains("${")) {
            throw new IllegalStateException(
                    "the build's " + RESOURCE + " has no value for " + key + "; build with Maven");
        }
        return v.trim();
    }

    /**
     * Returns the lines {@code segnn --version} prints.
     *
     * @return library, DJL and PyTorch versions, one a line
     */
    String[] lines() {
        return new String[] {
            "segnn " + segnn, "DJL " + djl, "PyTorch " + pytorch,
        };
    }
}
