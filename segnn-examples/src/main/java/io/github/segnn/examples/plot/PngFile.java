// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import io.github.segnn.djl.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Writes a rendered image to a PNG file through a temporary file in the same directory that is
 * moved into place, so a failed write never leaves a truncated PNG behind.
 */
final class PngFile {

    private PngFile() {}

    /**
     * Writes an image, creating missing parent directories.
     *
     * @param file the destination; replaced if it exists
     * @param image the image
     * @throws IOException naming {@code file} if it cannot be written
     */
    static void write(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer available");
                }
            }
        });
    }
}
