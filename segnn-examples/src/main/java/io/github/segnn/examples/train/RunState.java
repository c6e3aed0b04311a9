package io.github.segnn.examples.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Progress of a training run, saved beside each checkpoint as {@code state.json}. */
public final class RunState {

    /** Epochs completed. */
    public int epochsDone;
    /** Epoch (1-based) of the best validation metric, 0 if none yet. */
    public int bestEpoch;
    /** Best validation metric. */
    public double bestValid = Double.POSITIVE_INFINITY;
    /** Test metric at the best validation epoch. */
    public double testAtBest = Double.NaN;
    /** The run's seed. */
    public long seed;
    /** Name of the experiment. */
    public String experiment;

    /**
     * Reads a state file.
     *
     * @param file the file
     * @return the state
     * @throws IOException if it cannot be read or parsed (the message names the file)
     */
    public static RunState read(Path file) throws IOException {
        try {
            RunState s = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), RunState.class);
            if (s == null) {
                throw new IOException(file + ": empty run state");
            }
            return s;
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a run state: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the state atomically.
     *
     * @param file the file
     * @throws IOException on write errors
     */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(this), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Returns the state at the end of a history.
     *
     * @param history the run's history
     * @param seed the run's seed
     * @param experiment the experiment's name
     * @return the state
     */
    public static RunState of(io.github.segnn.djl.training.listener.TrainingHistory history, long seed,
            String experiment) {
        RunState s = new RunState();
        s.epochsDone = history.epochsDone();
        s.bestEpoch = history.bestEpoch();
        s.bestValid = history.bestValid();
        s.testAtBest = history.testAtBest();
        s.seed = seed;
        s.experiment = experiment;
        return s;
    }
}
