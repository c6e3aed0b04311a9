// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.tp.Instruction;
import io.github.segnn.core.tp.TensorProductPlan;
import io.github.segnn.djl.internal.ProductAccess;
import io.github.segnn.djl.model.MessagePassing;
import io.github.segnn.djl.model.SeConvLayer;
import io.github.segnn.djl.model.Segnn;
import io.github.segnn.djl.model.SegnnLayer;
import io.github.segnn.djl.nn.InstanceNorm;
import io.github.segnn.djl.nn.O3TensorProduct;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Weight exchange with the official PyTorch SEGNN (e3nn layout), as JSON (optionally gzipped).
 *
 * <p>Two layouts are read: {@code "layers_in_module_order"} (a list of objects with {@code name},
 * {@code tp_weight} and {@code biases}, and optionally {@code irreps_in1}, {@code irreps_in2},
 * {@code irreps_out_of_tp}, which are checked), as in the project's reference file; and
 * {@code "state_dict"} (official parameter names such as {@code layers.0.message_layer_1.tp.weight}
 * and {@code layers.0.message_layer_1.biases} mapped to flat number lists), which a two-line Python
 * script produces from {@code model.state_dict()}. Buffers ({@code output_mask},
 * {@code gate.mul.*}) are ignored. Instance-norm parameters ({@code layers.k.feature_norm.weight} and
 * {@code .bias}) are read from and written to the {@code state_dict} layout. {@link #write} writes both layouts. Weights are rescaled on the way
 * in and out by the official layer's float32 rounding of {@code 1/sqrt(fanIn)}, so imported models reproduce the official outputs to the last bits.
 * A file whose top-level {@code "dtype"} is {@code "float64"} comes from an official model built in float64
 * (torch's default dtype set before construction): its {@code sqrt_k} buffers are exact doubles and its weights
 * are taken as they are; {@code "float32"} (the default when absent) means the rounding above.
 */
public final class E3nnWeights {

    private static final Pattern PARAM = Pattern.compile("(.+)\\.(tp\\.weight|biases)");
    private static final Set<String> GATED = Set.of("message_layer_1", "message_layer_2", "update_layer_1",
            "pre_pool1", "post_pool1");

    private E3nnWeights() {}

    /**
     * Loads weights from a file into an initialized model.
     *
     * @param model the model
     * @param file a {@code .json} or {@code .json.gz} file
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and layer if the weights do not fit
     */
    public static void read(Segnn model, Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            JsonObject json;
            try {
                json = JsonParser.parseReader(r).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
            }
            try {
                read(model, json);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Loads weights from parsed JSON into an initialized model.
     *
     * @param model the model
     * @param json the weights
     */
    public static void read(Segnn model, JsonObject json) {
        Map<String, O3TensorProduct> tps = model.tensorProducts();
        boolean exactSqrtK = officialDtypeIsFloat64(json);
        if (json.has("layers_in_module_order")) {
            int seen = 0;
            for (JsonElement e : json.getAsJsonArray("layers_in_module_order")) {
                JsonObject o = e.getAsJsonObject();
                String name = o.get("name").getAsString();
                O3TensorProduct tp = tps.get(name);
                if (tp == null) {
                    throw new IllegalArgumentException("layer '" + name + "' does not exist in " + model);
                }
                checkIrreps(name, o, "irreps_in1", tp.getIrrepsIn1());
                if (o.has("irreps_in2_provided") && o.get("irreps_in2_provided").getAsBoolean() == tp.isLinear()) {
                    throw new IllegalArgumentException("layer '" + name + "': second input "
                            + (tp.isLinear() ? "provided in the file but the layer is linear" : "missing in the file"));
                }
                checkIrreps(name, o, "irreps_out_of_tp", tp.getIrrepsOut());
                assign(name + ".tp.weight", tp.getWeight(), o.get("tp_weight"), rescaling(tp, o.get("sqrt_k_correction"), exactSqrtK, false));
                if (tp.getBias() != null) {
                    if (!o.has("biases") || o.get("biases").isJsonNull()) {
                        throw new IllegalArgumentException("layer '" + name + "' has no biases in the file");
                    }
                    assign(name + ".biases", tp.getBias(), o.get("biases"), null);
                }
                seen++;
            }
            if (seen != tps.size()) {
                throw new IllegalArgumentException("the file has " + seen + " layers but the model has " + tps.size()
                        + " tensor products " + tps.keySet());
            }
        } else if (json.has("state_dict")) {
            JsonObject sd = json.getAsJsonObject("state_dict");
            for (Map.Entry<String, O3TensorProduct> t : tps.entrySet()) {
                String w = t.getKey() + ".tp.weight";
                if (!sd.has(w)) {
                    throw new IllegalArgumentException("state_dict has no '" + w + "'");
                }
                assign(w, t.getValue().getWeight(), sd.get(w), rescaling(t.getValue(), null, exactSqrtK, false));
                if (t.getValue().getBias() != null) {
                    String b = t.getKey() + ".biases";
                    if (!sd.has(b)) {
                        throw new IllegalArgumentException("state_dict has no '" + b + "'");
                    }
                    assign(b, t.getValue().getBias(), sd.get(b), null);
                }
            }
            for (Map.Entry<String, InstanceNorm> n : instanceNorms(model).entrySet()) {
                for (String leaf : new String[] {"weight", "bias"}) {
                    String key = n.getKey() + "." + leaf;
                    Parameter p = leaf.equals("weight") ? n.getValue().getWeight() : n.getValue().getBias();
                    if (p == null) {
                        continue;
                    }
                    if (!sd.has(key)) {
                        throw new IllegalArgumentException("state_dict has no '" + key + "'");
                    }
                    assign(key, p, sd.get(key), null);
                }
            }
            for (String key : sd.keySet()) {
                var m = PARAM.matcher(key);
                if (m.matches() && !tps.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("state_dict entry '" + key + "' has no layer in " + model);
                }
            }
        } else {
            throw new IllegalArgumentException("expected a 'layers_in_module_order' or 'state_dict' entry");
        }
    }

    /**
     * Writes the model's weights in both layouts (gzipped if the name ends with {@code .gz}).
     *
     * @param model the model
     * @param file the destination
     * @throws IOException if writing fails
     */
    public static void write(Segnn model, Path file) throws IOException {
        Gson gson = new GsonBuilder().create();
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream os = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            gson.toJson(toJson(model), w);
        }
    }

    /**
     * Returns the model's weights as JSON in both layouts.
     *
     * @param model the model
     * @return the JSON object
     */
    public static JsonObject toJson(Segnn model) {
        JsonObject root = new JsonObject();
        root.addProperty("format", "segnn-e3nn-weights/1");
        root.addProperty("dtype", "float32");
        JsonObject config = new JsonObject();
        config.addProperty("input_irreps", model.getIrrepsIn().toString());
        config.addProperty("hidden_irreps", model.getHiddenIrreps().toString());
        config.addProperty("output_irreps", model.getIrrepsOut().toString());
        config.addProperty("edge_attr_irreps", model.getEdgeAttrIrreps().toString());
        config.addProperty("node_attr_irreps", model.getNodeAttrIrreps().toString());
        config.addProperty("additional_message_irreps",
                model.getEdgeScalars() == 0 ? "" : model.getEdgeScalars() + "x0e");
        config.addProperty("num_layers", model.getNumLayers());
        config.addProperty("task", model.getTask().name().toLowerCase(java.util.Locale.ROOT));
        root.add("config", config);
        JsonArray layers = new JsonArray();
        JsonObject sd = new JsonObject();
        for (Map.Entry<String, O3TensorProduct> t : model.tensorProducts().entrySet()) {
            O3TensorProduct tp = t.getValue();
            String leaf = t.getKey().substring(t.getKey().lastIndexOf('.') + 1);
            JsonObject o = new JsonObject();
            o.addProperty("name", t.getKey());
            o.addProperty("class", GATED.contains(leaf) ? "O3TensorProductSwishGate" : "O3TensorProduct");
            o.addProperty("irreps_in1", tp.getIrrepsIn1().toString());
            o.addProperty("irreps_in2", tp.getIrrepsIn2().toString());
            o.addProperty("irreps_in2_provided", !tp.isLinear());
            o.addProperty("irreps_out_of_tp", tp.getIrrepsOut().toString());
            o.addProperty("tp_weight_numel", ProductAccess.kernel(tp).plan().weightNumel());
            JsonArray w = values(tp.getWeight().getArray(), rescaling(tp, null, false, true));
            o.add("tp_weight", w);
            sd.add(t.getKey() + ".tp.weight", w);
            if (tp.getBias() != null) {
                JsonArray b = values(tp.getBias().getArray(), null);
                o.add("biases", b);
                sd.add(t.getKey() + ".biases", b);
            }
            layers.add(o);
        }
        for (Map.Entry<String, InstanceNorm> n : instanceNorms(model).entrySet()) {
            if (n.getValue().getWeight() != null) {
                sd.add(n.getKey() + ".weight", values(n.getValue().getWeight().getArray(), null));
            }
            if (n.getValue().getBias() != null) {
                sd.add(n.getKey() + ".bias", values(n.getValue().getBias().getArray(), null));
            }
        }
        root.add("layers_in_module_order", layers);
        root.add("state_dict", sd);
        return root;
    }

    /** The instance norms under their official names {@code layers.k.feature_norm}. */
    private static Map<String, InstanceNorm> instanceNorms(Segnn model) {
        Map<String, InstanceNorm> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < model.getLayers().size(); i++) {
            MessagePassing layer = model.getLayers().get(i);
            InstanceNorm n = layer instanceof SegnnLayer ? ((SegnnLayer) layer).getInstanceNorm()
                    : layer instanceof SeConvLayer ? ((SeConvLayer) layer).getInstanceNorm() : null;
            if (n != null) {
                out.put("layers." + i + ".feature_norm", n);
            }
        }
        return out;
    }

    private static JsonArray values(NDArray a, double[] factor) {
        JsonArray out = new JsonArray();
        double[] v = a.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            out.add(factor == null ? v[i] : v[i] * factor[i]);
        }
        return out;
    }

    /**
     * Per-weight factor between the official layer's weights and ours. The official layer computes
     * {@code e3nn_tp(x) / sqrt_k}, where e3nn multiplies by {@code alpha = 1/sqrt(fanIn)} in double and
     * {@code sqrt_k} is a float32 buffer holding the same number rounded to float32. So an official
     * weight {@code W} acts as {@code W * alpha / fl32(alpha)} in our (unnormalized) semantics; the
     * import multiplies by that ratio (taken from the file's {@code sqrt_k_correction} when present)
     * and the export divides by it, which makes imported models agree to the last bits in float64.
     * With {@code exactSqrtK} (an official model built in float64) {@code sqrt_k} is {@code alpha}
     * itself and the ratio is 1.
     */
    private static double[] rescaling(O3TensorProduct tp, JsonElement sqrtK, boolean exactSqrtK, boolean export) {
        TensorProductPlan plan = ProductAccess.kernel(tp).plan();
        double[] f = new double[plan.weightNumel()];
        double[] file = sqrtK == null || sqrtK.isJsonNull() ? null : flat(sqrtK.getAsJsonArray());
        for (Instruction ins : plan.instructions()) {
            double alpha = 1 / Math.sqrt(plan.fanIn(ins.iOut()));
            double rounded = file != null ? file[plan.out().offset(ins.iOut())] : exactSqrtK ? alpha : (float) alpha;
            double ratio = alpha / rounded;
            java.util.Arrays.fill(f, ins.weightOffset(), ins.weightOffset() + ins.weightNumel(),
                    export ? 1 / ratio : ratio);
        }
        return f;
    }

    /** Whether the file's top-level {@code "dtype"} says the official model was built in float64. */
    private static boolean officialDtypeIsFloat64(JsonObject json) {
        if (!json.has("dtype")) {
            return false;
        }
        JsonElement d = json.get("dtype");
        String v = d.isJsonPrimitive() ? d.getAsString() : String.valueOf(d);
        if (v.equals("float64")) {
            return true;
        }
        if (v.equals("float32")) {
            return false;
        }
        throw new IllegalArgumentException("'dtype' must be \"float32\" or \"float64\" (the official model's dtype),"
                + " got " + d);
    }

    private static double[] flat(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    private static void checkIrreps(String name, JsonObject o, String key, Irreps mine) {
        if (o.has(key) && !Irreps.parse(o.get(key).getAsString()).equals(mine)) {
            throw new IllegalArgumentException("layer '" + name + "': " + key + " is " + o.get(key).getAsString()
                    + " in the file but " + mine + " in the model");
        }
    }

    private static void assign(String key, Parameter p, JsonElement values, double[] factor) {
        if (values == null || !values.isJsonArray()) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a list of numbers");
        }
        JsonArray a = values.getAsJsonArray();
        NDArray arr = p.getArray();
        if (arr == null) {
            throw new IllegalStateException("initialize the model before loading weights ('" + key + "')");
        }
        if (a.size() != arr.size()) {
            throw new IllegalArgumentException("'" + key + "' has " + a.size() + " values but the layer expects "
                    + arr.size());
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble() * (factor == null ? 1 : factor[i]);
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("'" + key + "' value " + i + " is not finite: " + v[i]);
            }
        }
        if (arr.getDataType() == DataType.FLOAT64) {
            arr.set(DoubleBuffer.wrap(v));
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v[i];
            }
            arr.set(FloatBuffer.wrap(f));
        }
    }
}
