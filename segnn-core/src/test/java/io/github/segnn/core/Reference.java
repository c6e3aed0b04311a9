// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the e3nn reference files copied into the test resources. */
public final class Reference {

    private Reference() {}

    /**
     * Loads {@code /reference/<name>}.
     *
     * @param name the file name
     * @return the parsed JSON object
     */
    public static JsonObject load(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /reference/" + name);
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts a JSON array of numbers.
     *
     * @param e the array
     * @return the values
     */
    public static double[] vector(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    /**
     * Converts a JSON array of arrays of numbers.
     *
     * @param e the nested array
     * @return the matrix
     */
    public static double[][] matrix(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(a.get(i));
        }
        return m;
    }
}
