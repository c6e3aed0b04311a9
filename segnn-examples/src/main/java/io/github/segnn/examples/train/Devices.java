// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Resolves the {@code --device} option and describes the engine in use. */
public final class Devices {

    private Devices() {}

    /**
     * Resolves {@code auto}, {@code cpu} or {@code gpuN}.
     *
     * @param name the option value
     * @return the device
     * @throws IllegalArgumentException for an unknown name or a GPU the engine does not see
     */
    public static Device resolve(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        Engine engine = Engine.getInstance();
        if (n.equals("auto")) {
            return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.matches("gpu\\d*")) {
            int id = n.length() == 3 ? 0 : Integer.parseInt(n.substring(3));
            if (id >= engine.getGpuCount()) {
                throw new IllegalArgumentException("--device " + name + ": the PyTorch engine sees "
                        + engine.getGpuCount() + " GPU(s); use --device cpu or a CUDA build (-Pcu121)");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("--device must be auto, cpu or gpuN, got '" + name + "'");
    }

    /**
     * Returns a one-line description of the engine and device, for logs.
     *
     * @param device the device in use
     * @return the description
     */
    public static String describe(Device device) {
        Engine e = Engine.getInstance();
        String lib = System.getenv("PYTORCH_LIBRARY_PATH");
        return "device=" + device + " engine=" + e.getEngineName() + " " + e.getVersion() + " gpus=" + e.getGpuCount()
                + " libtorch=" + (lib == null ? "bundled (Maven native jar)" : lib);
    }
}
