// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.github.segnn.djl.io.AtomicFiles;
import io.github.segnn.djl.training.ResumableAdam;
import io.github.segnn.djl.training.listener.WeightAverageListener;
import io.github.segnn.djl.training.listener.TrainingHistory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A run's checkpoint: one folder {@code checkpoint-EEEEEE} in the run folder, written whole or not at
 * all (a temporary folder, every file flushed, renamed; every other checkpoint is deleted afterwards,
 * so that a fresh run into the folder of an earlier one leaves none of the earlier one's).
 *
 * <ul>
 *   <li>{@code model.params}: the parameters ({@code Block.saveParameters});
 *   <li>{@code optimizer.bin}: Adam's moments and step counts ({@link ResumableAdam#save});
 *   <li>{@code weight-average.bin}: the average of the weights (exponential or SWA), for runs that
 *       keep one ({@link WeightAverageListener#save});
 *   <li>{@code best.params}: the parameters of the best validation epoch so far, if any;
 *   <li>{@code history.json}: the {@link TrainingHistory} (the metrics of every epoch so far, the
 *       best epoch); the random state is the seed and the epoch count, from which the batch order
 *       of every later epoch follows ({@link io.github.segnn.djl.dataset.EpochShuffleSampler});
 *   <li>{@code config.json}: the run's configuration (the experiment's settings, the seed, the
 *       optimizer's settings) and the library version;
 *   <li>{@code manifest.json}, written last: the size and CRC-32 of every other file.
 * </ul>
 */
public final class RunCheckpoint {

    private static final String PREFIX = "checkpoint-";
    private static final String MANIFEST = "manifest.json";
    private static final String AVERAGE = "weight-average.bin";

    /** Writes a checkpoint of the current state (in {@code ExperimentRunner}, on its writer thread). */
    @FunctionalInterface
    interface Writer {
        /**
         * Writes it.
         *
         * @throws IOException if the state cannot be serialized
         */
        void write() throws IOException;
    }
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private final Path folder;
    private final int epoch;

    private RunCheckpoint(Path folder, int epoch) {
        this.folder = folder;
        this.epoch = epoch;
    }

    /**
     * Returns the checkpoint's folder.
     *
     * @return the folder
     */
    public Path folder() {
        return folder;
    }

    /**
     * Returns the epoch after which it was written.
     *
     * @return the epoch
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Returns the library version recorded in checkpoints.
     *
     * @return the version, {@code dev} when run from classes outside a jar
     */
    public static String libraryVersion() {
        String v = RunCheckpoint.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        // Maven writes the artifact's version into every jar it builds
        try (InputStream in = RunCheckpoint.class.getResourceAsStream(
                "/META-INF/maven/io.github.segnn/segnn-examples/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through: an unreadable jar entry leaves the version unknown
        }
        return "dev";
    }

    /**
     * The content of a checkpoint, serialized in memory: what {@link #write(Path, Snapshot)} puts on
     * disk. Taking it is quick and must happen on the training thread between steps; writing it
     * (files, flushes, rename) may then happen on another thread while training goes on.
     */
    public static final class Snapshot {
        private final int epoch;
        private final Map<String, byte[]> files;

        private Snapshot(int epoch, Map<String, byte[]> files) {
            this.epoch = epoch;
            this.files = files;
        }

        /**
         * Returns the epoch the checkpoint ends.
         *
         * @return the epoch
         */
        public int epoch() {
            return epoch;
        }
    }

    /**
     * Serializes a checkpoint in memory.
     *
     * @param block the model
     * @param adam the optimizer
     * @param history the history up to this epoch
     * @param config the run's configuration
     * @param bestParams the best parameters file of the run (copied when it exists)
     * @return the snapshot
     * @throws IOException if the model, the optimizer or the best parameters cannot be read
     */
    public static Snapshot snapshot(Block block, ResumableAdam adam, TrainingHistory history,
            Map<String, String> config, Path bestParams) throws IOException {
        return snapshot(block, adam, null, history, config, bestParams);
    }

    /**
     * Serializes a checkpoint in memory, with the average of the weights.
     *
     * @param block the model
     * @param adam the optimizer
     * @param average the weights' average, or null for a run without one
     * @param history the history up to this epoch
     * @param config the run's configuration
     * @param bestParams the best parameters file of the run (copied when it exists)
     * @return the snapshot
     * @throws IOException if the model, the optimizer or the best parameters cannot be read
     */
    public static Snapshot snapshot(Block block, ResumableAdam adam, WeightAverageListener average,
            TrainingHistory history, Map<String, String> config, Path bestParams) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        java.io.ByteArrayOutputStream params = new java.io.ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(params));
        files.put("model.params", params.toByteArray());
        java.io.ByteArrayOutputStream moments = new java.io.ByteArrayOutputStream();
        adam.save(block, new DataOutputStream(moments));
        files.put("optimizer.bin", moments.toByteArray());
        if (average != null) {
            java.io.ByteArrayOutputStream avg = new java.io.ByteArrayOutputStream();
            average.save(block, new DataOutputStream(avg));
            files.put(AVERAGE, avg.toByteArray());
        }
        if (Files.exists(bestParams)) {
            files.put("best.params", Files.readAllBytes(bestParams));
        }
        files.put("history.json", GSON.toJson(history).getBytes(StandardCharsets.UTF_8));
        Map<String, String> cfg = new LinkedHashMap<>(config);
        cfg.put("library version", libraryVersion());
        files.put("config.json", GSON.toJson(cfg).getBytes(StandardCharsets.UTF_8));
        return new Snapshot(history.epochsDone(), files);
    }

    /**
     * Writes a checkpoint.
     *
     * @param runFolder the run folder
     * @param block the model
     * @param adam the optimizer
     * @param history the history up to this epoch
     * @param config the run's configuration
     * @param bestParams the best parameters file of the run (copied when it exists)
     * @return the checkpoint
     * @throws IOException if it cannot be written (the run folder keeps its previous checkpoint)
     */
    public static RunCheckpoint write(Path runFolder, Block block, ResumableAdam adam, TrainingHistory history,
            Map<String, String> config, Path bestParams) throws IOException {
        Snapshot snapshot;
        try {
            snapshot = snapshot(block, adam, history, config, bestParams);
        } catch (IOException e) {
            throw new IOException("cannot write checkpoint " + runFolder.resolve(String.format(java.util.Locale.ROOT,
                    "%s%06d", PREFIX, history.epochsDone())) + ": " + e.getMessage(), e);
        }
        return write(runFolder, snapshot);
    }

    /**
     * Writes a checkpoint folder whole or not at all: a temporary folder, every file flushed, renamed;
     * then the run's other checkpoints are deleted.
     *
     * @param runFolder the run folder
     * @param snapshot the content
     * @return the checkpoint
     * @throws IOException if it cannot be written (the run folder keeps its previous checkpoint)
     */
    public static RunCheckpoint write(Path runFolder, Snapshot snapshot) throws IOException {
        int epoch = snapshot.epoch;
        String name = String.format(java.util.Locale.ROOT, "%s%06d", PREFIX, epoch);
        Path tmp = runFolder.resolve("." + name + ".tmp");
        Path target = runFolder.resolve(name);
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Map<String, String> manifest = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> f : snapshot.files.entrySet()) {
                file(tmp, f.getKey(), manifest, out -> out.write(f.getValue()));
            }
            file(tmp, MANIFEST, new LinkedHashMap<>(), out -> out.write(GSON.toJson(manifest)
                    .getBytes(StandardCharsets.UTF_8)));
            AtomicFiles.fsync(tmp);
            deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.fsync(runFolder);
        } catch (IOException e) {
            deleteTree(tmp);
            throw new IOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
        // every other checkpoint goes, also a later one of an earlier run that this fresh run replaces
        for (RunCheckpoint old : list(runFolder)) {
            if (old.epoch != epoch) {
                deleteTree(old.folder);
            }
        }
        return new RunCheckpoint(target, epoch);
    }

    private static void file(Path dir, String name, Map<String, String> manifest, AtomicFiles.StreamContent content)
            throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f))) {
            content.writeTo(out);
        }
        AtomicFiles.fsync(f);
        manifest.put(name, Files.size(f) + ":" + crc(f));
    }

    private static String crc(Path f) throws IOException {
        CRC32 c = new CRC32();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                c.update(buf, 0, n);
            }
        }
        return Long.toHexString(c.getValue());
    }

    /**
     * Returns the complete checkpoints of a run folder, newest first (temporary folders of an
     * interrupted write are ignored).
     *
     * @param runFolder the run folder
     * @return the checkpoints
     * @throws IOException if the folder cannot be listed
     */
    public static List<RunCheckpoint> list(Path runFolder) throws IOException {
        List<RunCheckpoint> out = new ArrayList<>();
        if (!Files.isDirectory(runFolder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runFolder, PREFIX + "*")) {
            for (Path p : ds) {
                String digits = p.getFileName().toString().substring(PREFIX.length());
                if (Files.isDirectory(p) && digits.matches("[0-9]{6}")) {
                    out.add(new RunCheckpoint(p, Integer.parseInt(digits)));
                }
            }
        }
        out.sort(Comparator.comparingInt(RunCheckpoint::epoch).reversed());
        return out;
    }

    /**
     * Returns the newest checkpoint of a run folder, checked against its manifest.
     *
     * @param runFolder the run folder
     * @return the checkpoint
     * @throws IOException if there is none (the message says so) or it is damaged (the message names
     *     the file)
     */
    public static RunCheckpoint latest(Path runFolder) throws IOException {
        List<RunCheckpoint> all = list(runFolder);
        if (all.isEmpty()) {
            throw new IOException("--resume: " + runFolder + " holds no checkpoint (no " + PREFIX
                    + "NNNNNN folder); there is nothing to resume: run without --resume, or give the --out of the"
                    + " run to continue");
        }
        RunCheckpoint c = all.get(0);
        c.verify();
        return c;
    }

    /**
     * Checks every file against the manifest.
     *
     * @throws IOException naming the first missing, truncated or changed file
     */
    public void verify() throws IOException {
        Path m = folder.resolve(MANIFEST);
        if (!Files.exists(m)) {
            throw new IOException(m + " is missing: the checkpoint is incomplete; delete " + folder
                    + " to resume from an earlier one");
        }
        Map<String, String> manifest;
        try {
            manifest = GSON.fromJson(Files.readString(m, StandardCharsets.UTF_8),
                    new TypeToken<LinkedHashMap<String, String>>() {}.getType());
        } catch (JsonParseException e) {
            throw new IOException(m + " is not a checkpoint manifest (" + e.getMessage() + ")", e);
        }
        if (manifest == null || !manifest.containsKey("model.params")) {
            throw new IOException(m + " lists no model.params: the checkpoint is damaged");
        }
        for (Map.Entry<String, String> e : manifest.entrySet()) {
            Path f = folder.resolve(e.getKey());
            if (!Files.exists(f)) {
                throw new IOException(f + " is missing: the checkpoint is damaged; delete " + folder
                        + " to resume from an earlier one");
            }
            String[] sizeCrc = e.getValue().split(":");
            long size = Files.size(f);
            if (size != Long.parseLong(sizeCrc[0])) {
                throw new IOException(f + " has " + size + " bytes where the checkpoint's manifest says " + sizeCrc[0]
                        + " (truncated or changed): the checkpoint is damaged and is not resumed");
            }
            if (!crc(f).equals(sizeCrc[1])) {
                throw new IOException(f + " does not match its checksum in the checkpoint's manifest (changed after it"
                        + " was written): the checkpoint is damaged and is not resumed");
            }
        }
    }

    /**
     * Returns the recorded configuration.
     *
     * @return option name to value (with the library version)
     * @throws IOException if it cannot be read
     */
    public Map<String, String> configuration() throws IOException {
        Path f = folder.resolve("config.json");
        try {
            Map<String, String> m = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8),
                    new TypeToken<LinkedHashMap<String, String>>() {}.getType());
            if (m == null) {
                throw new IOException(f + " is empty");
            }
            return m;
        } catch (JsonParseException e) {
            throw new IOException(f + " is not a run configuration (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Compares a requested configuration with the recorded one.
     *
     * @param requested the configuration of the command
     * @return one line per differing setting, empty when they agree (the library version is not
     *     compared)
     * @throws IOException if the recorded configuration cannot be read
     */
    public List<String> differences(Map<String, String> requested) throws IOException {
        return differences(requested, Map.of());
    }

    /**
     * Compares a requested configuration with the recorded one, where settings introduced after a
     * checkpoint was written count as their default value when the checkpoint lacks them.
     *
     * @param requested the configuration of the command
     * @param laterDefaults setting name to the value that a checkpoint without it had
     * @return one line per differing setting, empty when they agree (the library version is not
     *     compared)
     * @throws IOException if the recorded configuration cannot be read
     */
    public List<String> differences(Map<String, String> requested, Map<String, String> laterDefaults)
            throws IOException {
        Map<String, String> recorded = configuration();
        List<String> diff = new ArrayList<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String was = recorded.getOrDefault(e.getKey(), laterDefaults.get(e.getKey()));
            if (!e.getValue().equals(was)) {
                diff.add(e.getKey() + ": the run has " + (was == null ? "no such setting" : was) + ", this command asks"
                        + " for " + e.getValue());
            }
        }
        return diff;
    }

    /**
     * Returns the recorded history.
     *
     * @return the history
     * @throws IOException if it cannot be read
     */
    public TrainingHistory history() throws IOException {
        Path f = folder.resolve("history.json");
        try {
            TrainingHistory h = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), TrainingHistory.class);
            if (h == null || h.epochsDone() != epoch) {
                throw new IOException(f + " does not hold the " + epoch + " epochs of its checkpoint");
            }
            return h;
        } catch (JsonParseException e) {
            throw new IOException(f + " is not a training history (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Loads the parameters into an initialized block (before {@code Trainer.initialize}, which
     * caches the parameter arrays).
     *
     * @param block the block
     * @param manager the model's manager
     * @throws IOException if they cannot be read or do not fit the block
     */
    public void loadParameters(Block block, NDManager manager) throws IOException {
        loadParameters(block, manager, folder.resolve("model.params"));
    }

    /**
     * Loads parameters from a file into an initialized block.
     *
     * @param block the block
     * @param manager the model's manager
     * @param file the parameter file
     * @throws IOException if they cannot be read or do not fit the block
     */
    public static void loadParameters(Block block, NDManager manager, Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " does not exist");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            block.loadParameters(manager, new DataInputStream(in));
        } catch (MalformedModelException e) {
            throw new IOException(file + ": the parameters do not fit the model: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new IOException(file + " ends early (truncated)", e);
        }
    }

    /**
     * Loads the optimizer's state.
     *
     * @param adam the optimizer
     * @param block the model, initialized
     * @param manager the model's manager
     * @throws IOException if it cannot be read
     */
    public void loadOptimizer(ResumableAdam adam, Block block, NDManager manager) throws IOException {
        Path f = folder.resolve("optimizer.bin");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
            adam.load(block, manager, new DataInputStream(in));
        } catch (EOFException e) {
            throw new IOException(f + " ends early (truncated)", e);
        }
    }

    /**
     * Loads the average of the weights.
     *
     * @param average the listener that keeps it
     * @param block the model, initialized
     * @param manager the model's manager
     * @throws IOException if it is missing (a run without an average) or cannot be read
     */
    public void loadAverage(WeightAverageListener average, Block block, NDManager manager) throws IOException {
        Path f = folder.resolve(AVERAGE);
        if (!Files.exists(f)) {
            throw new IOException(f + " is missing: the run kept no average of its weights");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
            average.load(block, manager, new DataInputStream(in));
        } catch (EOFException e) {
            throw new IOException(f + " ends early (truncated)", e);
        } catch (IOException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the checkpoint's best parameters to the run's file (or removes that file when the
     * checkpoint has none), so that it belongs to the resumed run.
     *
     * @param bestParams the run's best parameters file
     * @throws IOException if it cannot be copied
     */
    public void restoreBest(Path bestParams) throws IOException {
        Path b = folder.resolve("best.params");
        if (Files.exists(b)) {
            AtomicFiles.writeStream(bestParams, out -> Files.copy(b, out));
        } else {
            Files.deleteIfExists(bestParams);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
