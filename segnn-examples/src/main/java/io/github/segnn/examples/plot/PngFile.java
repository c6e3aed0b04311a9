// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
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
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // Not Files.createTempFile: that makes the file owner-only (0600) on POSIX systems.
            tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer available");
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            IOException named = new IOException(file + ": cannot write PNG: " + e.getMessage(), e);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException cleanup) {
                    named.addSuppressed(cleanup);
                }
            }
            throw named;
        }
    }
}
