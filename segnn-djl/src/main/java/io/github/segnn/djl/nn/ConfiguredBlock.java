// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.nn;

import ai.djl.MalformedModelException;
import ai.djl.nn.AbstractBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A Block that writes its configuration with its parameters, versioned as DJL's own Blocks do:
 * {@code saveMetadata} writes DJL's input shapes and one string naming the Block and every option
 * that shapes its parameters (irreps, widths, normalizations); {@code loadMetadata} reads it back
 * and refuses parameters saved from a Block of another configuration with a message naming both,
 * instead of reading the wrong arrays. Version 1 of the library's Blocks wrote only the input
 * shapes (DJL's default); it is still read, without the check.
 */
public abstract class ConfiguredBlock extends AbstractBlock {

    /**
     * Creates the block.
     *
     * @param version the encoding version of the subclass (2 or more)
     */
    protected ConfiguredBlock(byte version) {
        super(version);
    }

    /**
     * Returns the Block's configuration: its kind and every option that shapes its parameters, as
     * saved with them and shown in messages.
     *
     * @return the description
     */
    protected abstract String configuration();

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeUTF(configuration());
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != version && loadVersion != 1) {
            throw new MalformedModelException(configuration() + ": saved parameters have encoding version "
                    + loadVersion + ", this code reads 1 and " + version);
        }
        readInputShapes(is);
        if (loadVersion == 1) {
            return;
        }
        String saved = is.readUTF();
        if (!saved.equals(configuration())) {
            throw new MalformedModelException("the parameters were saved from " + saved + " and cannot be loaded into "
                    + configuration());
        }
    }
}
