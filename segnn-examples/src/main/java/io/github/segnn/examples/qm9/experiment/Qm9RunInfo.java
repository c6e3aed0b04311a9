// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.experiment;

import ai.djl.training.dataset.Dataset;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.segnn.djl.model.FeatureNorm;
import io.github.segnn.djl.model.Pooling;
import io.github.segnn.examples.qm9.data.Qm9Standardization;
import io.github.segnn.examples.qm9.data.Qm9Target;
import io.github.segnn.examples.qm9.model.Qm9ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a QM9 run folder needs besides its parameters, saved as {@code qm9-run.json} by {@code qm9
 * train} and read by {@code qm9 eval} and {@code qm9 predict}: the target, the standardization, the
 * model settings and the data selection.
 */
public final class Qm9RunInfo {

    /** File name inside the run folder. */
    public static final String FILE = "qm9-run.json";

    /** Target label, e.g. {@code homo}. */
    public String target;
    /** Unit of the target and of the predictions, e.g. {@code eV}. */
    public String unit;
    /** Unit of the reported MAE, e.g. {@code meV}. */
    public String reportUnit;
    /** Mean of the training targets, in {@link #unit}. */
    public double mean;
    /** Mean absolute deviation of the training targets, in {@link #unit}. */
    public double mad;
    /** Radius of the graphs in Å. */
    public double radius;
    /** Largest degree of the attributes. */
    public int lmaxAttr;
    /** Largest degree of the hidden features. */
    public int lmaxH;
    /** Message-passing layers. */
    public int layers;
    /** Hidden scalar budget. */
    public int hiddenFeatures;
    /** Hidden irreps (for information). */
    public String hiddenIrreps;
    /** Feature normalization. */
    public FeatureNorm norm;
    /** Pooling. */
    public Pooling pooling;
    /** Split scheme: {@code cormorant} or {@code 110k}. */
    public String split;
    /** The {@code --max-train} option, -1 for all. */
    public int maxTrain;
    /** The {@code --max-eval} option, -1 for all. */
    public int maxEval = -1;
    /** Training molecules actually used. */
    public int trainMolecules;
    /** Molecules per batch. */
    public int batchSize;

    /**
     * Collects the information of an experiment.
     *
     * @param exp the experiment
     * @param split the split option value
     * @param maxTrain the {@code --max-train} value, -1 for all
     * @param maxEval the {@code --max-eval} value, -1 for all
     * @return the info
     */
    public static Qm9RunInfo of(Qm9Experiment exp, String split, int maxTrain, int maxEval) {
        Qm9RunInfo r = new Qm9RunInfo();
        Qm9ModelConfig c = exp.config();
        r.target = exp.target().label();
        r.unit = exp.target().unit();
        r.reportUnit = exp.target().reportUnit();
        r.mean = exp.standardization().mean();
        r.mad = exp.standardization().mad();
        r.radius = c.radius();
        r.lmaxAttr = c.lmaxAttr();
        r.lmaxH = c.lmaxH();
        r.layers = c.layers();
        r.hiddenFeatures = c.hiddenFeatures();
        r.hiddenIrreps = c.hiddenIrreps().toString();
        r.norm = c.norm();
        r.pooling = c.pooling();
        r.split = split;
        r.maxTrain = maxTrain;
        r.maxEval = maxEval;
        r.trainMolecules = exp.graphs(Dataset.Usage.TRAIN).size();
        r.batchSize = exp.batchSize();
        return r;
    }

    /**
     * Returns the model settings.
     *
     * @return the settings
     */
    public Qm9ModelConfig config() {
        return new Qm9ModelConfig(radius, lmaxAttr, lmaxH, layers, hiddenFeatures, norm, pooling);
    }

    /**
     * Returns the target.
     *
     * @return the target
     */
    public Qm9Target qm9Target() {
        return Qm9Target.parse(target);
    }

    /**
     * Returns the standardization.
     *
     * @return mean and MAD
     */
    public Qm9Standardization standardization() {
        return new Qm9Standardization(mean, mad);
    }

    /**
     * Reads the file of a run folder.
     *
     * @param runDir the run folder
     * @return the info
     * @throws IOException if it is missing (the message says to train first) or malformed
     */
    public static Qm9RunInfo read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no QM9 run here: train first ('segnn qm9 train --out "
                    + runDir + "')");
        }
        try {
            Qm9RunInfo r = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Qm9RunInfo.class);
            if (r == null || r.target == null || r.norm == null || r.pooling == null || r.split == null) {
                throw new IOException(file + ": incomplete QM9 run description");
            }
            r.config();
            r.qm9Target();
            r.standardization();
            return r;
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + ": not a QM9 run description: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the file atomically into a run folder.
     *
     * @param runDir the run folder
     * @throws IOException on write errors
     */
    public void write(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve(FILE);
        io.github.segnn.djl.io.AtomicFiles.writeString(file,
                new GsonBuilder().setPrettyPrinting().create().toJson(this));
    }

    /**
     * Returns the first setting in which a resumed run differs from this one, or null.
     *
     * @param other the settings of the new invocation
     * @return a description naming the option, or null if they agree
     */
    public String difference(Qm9RunInfo other) {
        if (!target.equals(other.target)) {
            return "--target " + target + " (asked: " + other.target + ")";
        }
        if (!config().equals(other.config())) {
            return "model " + config() + " (asked: " + other.config() + ")";
        }
        if (!split.equals(other.split)) {
            return "--split " + split + " (asked: " + other.split + ")";
        }
        if (trainMolecules != other.trainMolecules) {
            return trainMolecules + " training molecules (asked: " + other.trainMolecules + ")";
        }
        if (maxEval != other.maxEval) {
            return "--max-eval " + maxEval + " (asked: " + other.maxEval + ")";
        }
        if (batchSize != other.batchSize) {
            return "--batch-size " + batchSize + " (asked: " + other.batchSize + ")";
        }
        return null;
    }
}
