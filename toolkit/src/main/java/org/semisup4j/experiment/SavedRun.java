package org.semisup4j.experiment;

import org.semisup4j.train.*;
import org.semisup4j.model.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A finished run read back from its folder: its configuration and its trained model (the student of the
 * last checkpoint), e.g. to serve as a teacher for distillation or to label a pool in a workflow.
 *
 * @param folder  the run folder
 * @param config  its config.json
 * @param model   the model with the weights of the final checkpoint
 */
public record SavedRun(Path folder, RunConfig config, Model model) {

    /**
     * @throws IllegalArgumentException naming the folder and what is missing when it is not a finished run
     *         (no config.json, no final.json, no checkpoint) or its config does not say its input shape
     */
    public static SavedRun load(Path folder) {
        Path configFile = folder.resolve("config.json");
        if (!Files.isRegularFile(configFile))
            throw new IllegalArgumentException(folder + " is not a run folder: config.json is missing");
        if (!Files.isRegularFile(folder.resolve("final.json")))
            throw new IllegalArgumentException("run " + folder + " did not finish (final.json is missing): resume it first (--resume)");
        try {
            RunConfig config = RunConfig.load(configFile);
            Object shapeText = config.toMap().get("input_shape"), classes = config.toMap().get("classes");
            if (shapeText == null || classes == null)
                throw new IllegalArgumentException(configFile + ": fields 'input_shape' and 'classes' are missing (a run written by an "
                        + "older semisup4j): train it again to use it as a model");
            long[] shape = parseShape(configFile, shapeText.toString());
            // As the run trained it: the method may have extended the model (ICL's projection head).
            Model model = Experiment.model(config, shape, (int) Double.parseDouble(classes.toString()));
            if (org.semisup4j.method.Methods.names().contains(config.method()))
                model = org.semisup4j.method.Methods.create(config).prepare(model);
            Path checkpoint = Checkpoints.latest(folder.resolve("checkpoints")).orElseThrow(() ->
                    new IllegalArgumentException("run " + folder + " holds no checkpoint to read its weights from"));
            model.load(checkpoint.resolve("student.bin"));
            return new SavedRun(folder, config, model);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the run " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code folder} looks like a run folder (has a config.json). */
    public static boolean isRun(Path folder) {
        return Files.isRegularFile(folder.resolve("config.json"));
    }

    private static long[] parseShape(Path file, String text) {
        try {
            String inner = text.trim().replaceAll("^\\[|]$", "");
            return Arrays.stream(inner.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": field 'input_shape' must look like [1, 28, 28], got '" + text + "'");
        }
    }
}
