// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 checksums of every file under a folder, to show that a command left it byte-identical. */
public final class FolderDigest {

    private FolderDigest() {}

    /**
     * Returns the checksums of a folder's files by relative path (empty if the folder is absent).
     *
     * @param dir the folder
     * @return relative path to hex SHA-256, sorted by path
     */
    public static Map<String, String> of(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
