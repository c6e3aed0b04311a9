// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.util.Random;

/** Helpers for Block tests: setting parameter values, save/load round trips, host copies. */
public final class BlockTesting {

    private BlockTesting() {}

    /**
     * Overwrites an initialized parameter with the given values (converted to its data type).
     *
     * @param p the parameter
     * @param values the values in row-major order
     */
    public static void assign(Parameter p, double[] values) {
        NDArray a = p.getArray();
        NDArray src = a.getManager().create(DoubleBuffer.wrap(values), a.getShape()).toType(a.getDataType(), false);
        src.copyTo(a);
        src.close();
    }

    /**
     * Returns {@code n} seeded uniform values in {@code [lo, hi)}.
     *
     * @param seed the seed
     * @param n the count
     * @param lo lower bound
     * @param hi upper bound
     * @return the values
     */
    public static double[] uniform(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    /**
     * Saves a block's parameters to bytes.
     *
     * @param block the block
     * @return the bytes
     */
    public static byte[] save(Block block) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream os = new DataOutputStream(bos)) {
            block.saveParameters(os);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /**
     * Loads saved bytes into a block.
     *
     * @param block the block
     * @param m the manager of the loaded arrays
     * @param bytes the saved parameters
     * @throws MalformedModelException if the block refuses them
     */
    public static void load(Block block, NDManager m, byte[] bytes) throws MalformedModelException {
        try (DataInputStream is = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(m, is);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies an array to the host as doubles.
     *
     * @param a the array
     * @return its values in row-major order
     */
    public static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /**
     * Returns the tolerance for a numeric comparison in the given data type.
     *
     * @param dt float32 or float64
     * @return 1e-5 or 1e-11
     */
    public static double numericTolerance(DataType dt) {
        return dt == DataType.FLOAT64 ? 1e-11 : 1e-5;
    }
}
