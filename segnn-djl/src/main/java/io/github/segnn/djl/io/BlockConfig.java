// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.io;

import ai.djl.MalformedModelException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The configuration record that the library's Blocks write in {@code saveMetadata} and check in
 * {@code loadMetadata}: one UTF string that names the Block and every option that shapes its
 * parameters (irreps, widths, normalizations). Loading parameters into a Block built differently
 * fails with both descriptions instead of reading the wrong arrays.
 */
public final class BlockConfig {

    private BlockConfig() {}

    /**
     * Writes a configuration.
     *
     * @param os the stream of {@code saveMetadata}
     * @param config the Block's description of its configuration
     * @throws IOException if writing fails
     */
    public static void write(DataOutputStream os, String config) throws IOException {
        os.writeUTF(config);
    }

    /**
     * Reads a configuration written by {@link #write} and checks it against the Block's own.
     * Version 1 of the library's Blocks wrote no configuration (only DJL's input shapes, which the
     * Block reads before calling this); it is still read, without the check.
     *
     * @param is the stream of {@code loadMetadata}
     * @param loadVersion the saved encoding version
     * @param version the Block's current encoding version
     * @param config the loading Block's description of its configuration
     * @throws IOException if reading fails
     * @throws MalformedModelException if the version is unknown or the saved configuration differs
     *     (naming both)
     */
    public static void check(DataInputStream is, byte loadVersion, byte version, String config)
            throws IOException, MalformedModelException {
        if (loadVersion == 1 && version > 1) {
            return;
        }
        if (loadVersion != version) {
            throw unsupportedVersion(config, loadVersion, version > 1 ? "1 and " + version : String.valueOf(version));
        }
        String saved = is.readUTF();
        if (!saved.equals(config)) {
            throw new MalformedModelException("the parameters were saved from " + saved + " and cannot be loaded into "
                    + config);
        }
    }

    /**
     * Returns the error for an encoding version this code cannot read.
     *
     * @param config the loading Block's description
     * @param got the saved version
     * @param reads the versions this code reads
     * @return the exception to throw
     */
    public static MalformedModelException unsupportedVersion(String config, byte got, String reads) {
        return new MalformedModelException(config + ": saved parameters have encoding version " + got
                + ", this code reads " + reads);
    }
}
