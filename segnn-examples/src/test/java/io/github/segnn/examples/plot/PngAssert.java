// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks shared by the plot tests: a file is a decodable, non-blank PNG of a given size. */
final class PngAssert {

    private PngAssert() {}

    /**
     * Decodes a PNG and checks its size and that it is not blank.
     *
     * @param png the file
     * @param width the expected width
     * @param height the expected height
     * @return the decoded image
     * @throws IOException if it cannot be read
     */
    static BufferedImage assertPng(Path png, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " was not written");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a decodable image");
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
        assertTrue(colours(image) > 2, png + " is blank");
        return image;
    }

    /**
     * Counts the distinct RGB colours of an image.
     *
     * @param image the image
     * @return the number of colours
     */
    static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }
}
