// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.download;

import java.net.URI;
import java.util.List;

/**
 * A file of the QM9 figshare release (doi:10.6084/m9.figshare.c.978904.v5) with its addresses and
 * the size and SHA-256 it must have.
 *
 * <p>The pinned sizes and digests of the release files are those of TensorFlow Datasets ({@code
 * tensorflow_datasets/datasets/qm9/checksums.tsv}); the archive's digest also starts with the
 * 12-character prefix {@code 3a63848ac806} pinned by load-atoms. The addresses are the ones used
 * by PyG, TFDS and cormorant.
 *
 * @param fileName the name to store the file under
 * @param urls the addresses to try, in order
 * @param size the exact size in bytes
 * @param sha256 the SHA-256 digest, lower-case hexadecimal
 */
public record Qm9RemoteFile(String fileName, List<URI> urls, long size, String sha256) {

    /** The release archive of 133,885 {@code .xyz} files. */
    public static final Qm9RemoteFile ARCHIVE = new Qm9RemoteFile(
            "dsgdb9nsd.xyz.tar.bz2",
            List.of(URI.create("https://ndownloader.figshare.com/files/3195389"),
                    URI.create("https://springernature.figshare.com/ndownloader/files/3195389")),
            86_144_227L,
            "3a63848ac80691bdb8d41834b575afad345b9300d7a2db0c38adb7f6eaa8360c");

    /** The list of the 3,054 molecules that failed the geometry consistency check. */
    public static final Qm9RemoteFile UNCHARACTERIZED = new Qm9RemoteFile(
            "uncharacterized.txt",
            List.of(URI.create("https://ndownloader.figshare.com/files/3195404"),
                    URI.create("https://springernature.figshare.com/ndownloader/files/3195404")),
            486_752L,
            "3aa5115d540b356de94791d4a74c3bf1ed91c469ecf52a4f5d7cc0506fe02e24");

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the name is empty or contains a path separator, there
     *     is no address, the size is negative or the digest is not 64 hexadecimal digits
     */
    public Qm9RemoteFile {
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("fileName must be a plain file name, got '" + fileName + "'");
        }
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no address given");
        }
        if (size < 0) {
            throw new IllegalArgumentException(fileName + ": size must be non-negative, got " + size);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(fileName + ": sha256 must be 64 lower-case hex digits");
        }
    }

    /**
     * Returns the two files needed for training: the archive and the exclusion list.
     *
     * @return {@link #ARCHIVE} and {@link #UNCHARACTERIZED}
     */
    public static List<Qm9RemoteFile> release() {
        return List.of(ARCHIVE, UNCHARACTERIZED);
    }
}
