// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the process's peak resident set size from {@code /proc/self/status} (Linux). */
public final class PeakRss {

    private PeakRss() {}

    /**
     * Returns VmHWM in MB, or -1 where it cannot be read.
     *
     * @return the peak RSS in MB
     */
    public static long megabytes() {
        return field("VmHWM:");
    }

    /**
     * Returns the current VmRSS in MB, or -1 where it cannot be read.
     *
     * @return the RSS in MB
     */
    public static long currentMegabytes() {
        return field("VmRSS:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
