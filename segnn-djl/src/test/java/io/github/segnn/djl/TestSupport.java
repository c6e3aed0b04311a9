// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** Shared helpers of the segnn-djl tests: the device under test, references, random arrays. */
public final class TestSupport {

    /** Relative tolerance for float32 equivariance checks. */
    public static final double TOL32 = 1e-5;
    /** Relative tolerance for float64 equivariance checks. */
    public static final double TOL64 = 1e-10;

    private TestSupport() {}

    /**
     * Returns the device the tests run on: {@code -Dsegnn.test.device=gpu0} selects a GPU, the
     * default is the CPU.
     *
     * @return the device
     */
    public static Device device() {
        String d = System.getProperty("segnn.test.device", "cpu");
        return Device.fromName(d);
    }

    /**
     * Returns a new base manager on the test device.
     *
     * @return the manager
     */
    public static NDManager manager() {
        return NDManager.newBaseManager(device());
    }

    /**
     * Returns standard-normal values from a seeded Java generator (repeatable on any device).
     *
     * @param m the manager
     * @param seed the seed
     * @param dtype the data type
     * @param shape the shape
     * @return the array
     */
    public static NDArray randn(NDManager m, long seed, DataType dtype, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        Shape s = new Shape(shape);
        double[] v = new double[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(DoubleBuffer.wrap(v), s).toType(dtype, false);
    }

    /**
     * Loads a JSON reference (optionally gzipped) from {@code /reference/}.
     *
     * @param name the file name
     * @return the object
     */
    public static JsonObject reference(String name) {
        try (InputStream raw = TestSupport.class.getResourceAsStream("/reference/" + name)) {
            if (raw == null) {
                throw new IllegalStateException("missing test resource /reference/" + name);
            }
            InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flattens a nested JSON array of numbers.
     *
     * @param e the array
     * @return the values in row-major order
     */
    public static double[] flat(JsonElement e) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        collect(e, out);
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(i);
        }
        return v;
    }

    private static void collect(JsonElement e, java.util.List<Double> out) {
        if (e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                collect(x, out);
            }
        } else {
            out.add(e.getAsDouble());
        }
    }

    /**
     * Creates an array from JSON numbers.
     *
     * @param m the manager
     * @param e the nested array
     * @param dtype the data type
     * @param shape the shape
     * @return the array
     */
    public static NDArray array(NDManager m, JsonElement e, DataType dtype, long... shape) {
        return m.create(DoubleBuffer.wrap(flat(e)), new Shape(shape)).toType(dtype, false);
    }

    /**
     * Returns {@code max|a-b| / max|b|}.
     *
     * @param a actual
     * @param b expected
     * @return the relative error
     */
    public static double relativeError(NDArray a, NDArray b) {
        NDArray x = a.toType(DataType.FLOAT64, false);
        NDArray y = b.toType(DataType.FLOAT64, false);
        return x.sub(y).abs().max().getDouble() / Math.max(y.abs().max().getDouble(), 1e-300);
    }
}
