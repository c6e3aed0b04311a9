// SPDX-License-Identifier: Apache-2.0
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.training.GradientCollector;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Smoke check of DJL's PyTorch engine on a chosen device, against whatever libtorch
 * PYTORCH_LIBRARY_PATH names. Not part of the Maven build: scripts/gpu-prepare.sh compiles it into
 * the GPU bundle, scripts/gpu-check.sh runs it.
 *
 * <p>Usage: {@code GpuSmoke DEVICE [CHECK...]} where DEVICE is {@code cpu}, {@code gpu0}, ... and
 * CHECK names single checks to run (default: all safe ones). Checks listed in RISKY may kill the
 * JVM with a native "undefined symbol" error against a newer libtorch, so they run only when named.
 * Prints one line per check: {@code CHECK name PASS|FAIL detail}; exit code = number of failures.
 */
public final class GpuSmoke {

    private static final List<String> RISKY = List.of("setBuffer", "manualSeed", "gelu");

    private GpuSmoke() {}

    public static void main(String[] args) throws Exception {
        String deviceName = args.length > 0 ? args[0] : "cpu";
        Engine engine = Engine.getInstance();
        System.out.println("engine        : " + engine.getEngineName() + " " + engine.getVersion()
                + " (DJL " + Engine.getDjlVersion() + ")");
        System.out.println("libtorch path : " + LibUtils.getLibtorchPath());
        System.out.println("gpu count     : " + engine.getGpuCount() + " (DJL CudaUtils via JNA cudart)");
        System.out.println("default device: " + engine.defaultDevice());
        Device device = Device.fromName(deviceName);
        System.out.println("test device   : " + device);

        Map<String, Callable<String>> checks = new LinkedHashMap<>();
        checks.put("createAndCopyBack", () -> createAndCopyBack(device));
        checks.put("matmul", () -> matmul(device, DataType.FLOAT32, 1e-3));
        checks.put("matmulF64", () -> matmul(device, DataType.FLOAT64, 1e-9));
        checks.put("elementwise", () -> elementwise(device));
        checks.put("gatherRows", () -> gatherRows(device));
        checks.put("torchGather", () -> torchGather(device));
        checks.put("sparseCooMatmul", () -> sparseCoo(device));
        checks.put("autograd", () -> autograd(device));
        checks.put("deviceTransfer", () -> transfer(device));
        checks.put("matmulThroughput", () -> throughput(device));
        checks.put("setBuffer", () -> setBuffer(device));
        checks.put("manualSeed", GpuSmoke::manualSeed);
        checks.put("gelu", () -> gelu(device));

        List<String> selected = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            selected.add(args[i]);
        }
        if (selected.isEmpty()) {
            for (String name : checks.keySet()) {
                if (!RISKY.contains(name)) {
                    selected.add(name);
                }
            }
        }
        int failures = 0;
        for (String name : selected) {
            Callable<String> c = checks.get(name);
            if (c == null) {
                System.out.println("CHECK " + name + " FAIL unknown check");
                failures++;
                continue;
            }
            System.out.flush();
            try {
                long t0 = System.nanoTime();
                String detail = c.call();
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "CHECK %s PASS %s (%.1f ms)%n", name, detail, ms);
            } catch (Throwable t) {
                failures++;
                System.out.println("CHECK " + name + " FAIL " + t);
                t.printStackTrace(System.out);
            }
            System.out.flush();
        }
        System.out.println("SUMMARY device=" + device + " checks=" + selected.size() + " failures=" + failures);
        System.exit(Math.min(failures, 100));
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static String createAndCopyBack(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.create(new float[] {1, 2, 3}, new Shape(3));
            check(a.getDevice().equals(device), "array device " + a.getDevice());
            float s = a.mul(a).sum().getFloat();
            check(Math.abs(s - 14f) < 1e-6, "sum of squares " + s);
            return "device=" + a.getDevice() + " sum=" + s;
        }
    }

    private static String matmul(Device device, DataType type, double tol) {
        int n = 64;
        float[] a = random(n * n, 1);
        float[] b = random(n * n, 2);
        double[] ref = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    ref[i * n + j] += (double) a[i * n + k] * b[k * n + j];
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray x = m.create(a, new Shape(n, n)).toType(type, false);
            NDArray y = m.create(b, new Shape(n, n)).toType(type, false);
            NDArray z = x.matMul(y).toType(DataType.FLOAT64, false);
            double[] got = z.toDoubleArray();
            double maxErr = 0;
            for (int i = 0; i < got.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
            }
            check(maxErr < tol * 64, "max error " + maxErr);
            return type + " max|err|=" + maxErr + " on " + z.getDevice();
        }
    }

    private static String elementwise(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray x = m.create(new float[] {-1f, 0f, 0.5f, 2f});
            float[] e = x.exp().toFloatArray();
            float[] sig = x.getNDArrayInternal().sigmoid().toFloatArray();
            float[] sp = x.mul(x).add(1f).sqrt().div(2f).toFloatArray();
            float[] xs = {-1f, 0f, 0.5f, 2f};
            for (int i = 0; i < 4; i++) {
                check(Math.abs(e[i] - Math.exp(xs[i])) < 1e-5, "exp");
                check(Math.abs(sig[i] - 1 / (1 + Math.exp(-xs[i]))) < 1e-6, "sigmoid");
                check(Math.abs(sp[i] - Math.sqrt(xs[i] * xs[i] + 1) / 2) < 1e-6, "sqrt/div");
            }
            return "exp/sigmoid/sqrt/div ok";
        }
    }

    private static String gatherRows(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray x = m.arange(12f).reshape(4, 3);
            NDArray idx = m.create(new long[] {3, 0, 3});
            float[] g = x.get(idx).toFloatArray();
            float[] want = {9, 10, 11, 0, 1, 2, 9, 10, 11};
            for (int i = 0; i < want.length; i++) {
                check(g[i] == want[i], "row gather " + i);
            }
            return "x[idx] ok";
        }
    }

    private static String torchGather(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray x = m.arange(12f).reshape(4, 3);
            NDArray idx = m.create(new long[] {2, 0, 1, 1}).reshape(4, 1);
            float[] g = x.gather(idx, 1).toFloatArray();
            float[] want = {2, 3, 7, 10};
            for (int i = 0; i < want.length; i++) {
                check(g[i] == want[i], "gather " + i + " " + g[i]);
            }
            return "gather(axis=1) ok";
        }
    }

    private static String sparseCoo(Device device) {
        // scatter-add of 5 edge messages into 3 nodes via an (N x E) incidence matrix
        long[] target = {0, 2, 2, 1, 0};
        int e = target.length;
        try (NDManager m = NDManager.newBaseManager(device)) {
            long[] cols = new long[e];
            for (int i = 0; i < e; i++) {
                cols[i] = i;
            }
            NDArray indices = m.create(new long[][] {target, cols});
            NDArray values = m.ones(new Shape(e));
            NDArray inc = JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, new Shape(3, e));
            NDArray msg = m.arange(10f).reshape(e, 2);
            NDArray out = inc.matMul(msg);
            float[] got = out.toFloatArray();
            float[] want = {0 + 8, 1 + 9, 6, 7, 2 + 4, 3 + 5};
            for (int i = 0; i < want.length; i++) {
                check(Math.abs(got[i] - want[i]) < 1e-6, "sparse matmul " + i + " " + got[i]);
            }
            return "COO " + inc.getSparseFormat() + " x dense ok on " + out.getDevice();
        }
    }

    private static String autograd(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray w = m.create(new float[] {0.5f, -1f, 2f});
            NDArray x = m.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray idx = m.create(new long[] {0, 2, 2});
                NDArray y = x.get(idx).exp().mul(w).sum();
                gc.backward(y);
            }
            float[] g = x.getGradient().toFloatArray();
            // d/dx0 = 0.5 e^1 ; d/dx1 = 0 ; d/dx2 = (-1 + 2) e^3
            check(Math.abs(g[0] - 0.5 * Math.exp(1)) < 1e-4, "grad0 " + g[0]);
            check(Math.abs(g[1]) < 1e-7, "grad1 " + g[1]);
            check(Math.abs(g[2] - Math.exp(3)) < 1e-3, "grad2 " + g[2]);
            return "grad through gather+exp+mul+sum ok on " + x.getGradient().getDevice();
        }
    }

    private static String transfer(Device device) {
        try (NDManager cpu = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = cpu.create(random(1000, 3));
            NDArray b = a.toDevice(device, true);
            NDArray c = b.mul(2).toDevice(Device.cpu(), true);
            check(c.sub(a.mul(2)).abs().max().getFloat() == 0f, "round trip");
            return "cpu->" + b.getDevice() + "->cpu ok";
        }
    }

    private static String throughput(Device device) {
        int n = device.isGpu() ? 4096 : 512;
        int reps = device.isGpu() ? 20 : 3;
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).sum().getFloat(); // warm-up and sync
            long t0 = System.nanoTime();
            NDArray acc = null;
            for (int i = 0; i < reps; i++) {
                NDArray c = a.matMul(b);
                acc = acc == null ? c : acc.addi(c);
            }
            acc.sum().getFloat(); // forces completion
            double s = (System.nanoTime() - t0) / 1e9;
            double gflops = 2.0 * n * n * n * reps / s / 1e9;
            return String.format(Locale.ROOT, "%dx%d float32 matmul: %.0f GFLOP/s", n, n, gflops);
        }
    }

    /** NDArray.set(Buffer): CPU arrays go through StorageImpl, which needs c10 symbols gone in newer torch. */
    private static String setBuffer(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.zeros(new Shape(3));
            a.set(FloatBuffer.wrap(new float[] {1, 2, 3}));
            float s = a.sum().getFloat();
            check(s == 6f, "sum " + s);
            return "set(Buffer) ok";
        }
    }

    /** Engine.setRandomSeed -> torch::manual_seed, which also seeds CUDA generators. */
    private static String manualSeed() {
        Engine.getInstance().setRandomSeed(42);
        return "setRandomSeed ok";
    }

    private static String gelu(Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDList out = new NDList(m.create(new float[] {1f}));
            float g = ai.djl.nn.Activation.gelu(out.singletonOrThrow()).getFloat();
            return "gelu(1)=" + g;
        }
    }
}
