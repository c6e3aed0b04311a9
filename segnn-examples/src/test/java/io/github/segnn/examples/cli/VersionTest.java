// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code segnn --version}: the versions come from the POMs and match the jars on the class path. */
class VersionTest {

    @Test
    void versionPrintsLibraryDjlAndPytorch() throws IOException {
        String[] run = CliRun.run("--version");
        assertEquals("0", run[0], run[2]);
        String[] lines = run[1].strip().split("\\R");
        assertEquals(3, lines.length, run[1]);
        assertTrue(lines[0].matches("segnn \\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?"), lines[0]);
        // The filtered values agree with the DJL and PyTorch jars the build resolved.
        assertEquals("DJL " + Engine.getDjlVersion(), lines[1]);
        Properties engine = new Properties();
        try (InputStream in = Engine.class.getClassLoader().getResourceAsStream("pytorch-engine.properties")) {
            engine.load(in);
        }
        assertEquals("PyTorch " + engine.getProperty("pytorch_version"), lines[2]);
    }

    @Test
    void versionsAreReadFromTheFilteredResource() {
        BuildVersions v = BuildVersions.read();
        assertEquals("segnn " + v.segnn(), v.lines()[0]);
        assertTrue(!v.segnn().contains("${") && !v.djl().contains("${") && !v.pytorch().contains("${"), v.toString());
    }
}
