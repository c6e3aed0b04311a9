// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.random;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Named value lists written by real numpy into a test resource (one record per line). */
final class NumpyFixture {

    private final Map<String, String[]> records;

    private NumpyFixture(Map<String, String[]> records) {
        this.records = records;
    }

    /** Loads a fixture file from the class path next to this class. */
    static NumpyFixture load(String resource) {
        Map<String, String[]> records = new HashMap<>();
        try (InputStream in = NumpyFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                String[] values = new String[parts.length - 1];
                System.arraycopy(parts, 1, values, 0, values.length);
                records.put(parts[0], values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return new NumpyFixture(records);
    }

    /** Returns the raw strings of a record. */
    String[] strings(String name) {
        String[] v = records.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no record " + name);
        }
        return v;
    }

    /** Returns a record parsed as longs. */
    long[] longs(String name) {
        String[] s = strings(name);
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Long.parseLong(s[i]);
        }
        return out;
    }

    /** Returns a record of hexadecimal floating-point literals parsed as doubles. */
    double[] doubles(String name) {
        String[] s = strings(name);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Double.parseDouble(s[i]);
        }
        return out;
    }
}
