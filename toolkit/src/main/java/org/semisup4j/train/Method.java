package org.semisup4j.train;

import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A training method is its loss terms: given a step (batch, model, augmentations) it runs the model
 * once through {@link Step#forward} and returns named, weighted {@link Terms}. It owns no optimizer,
 * loop, logging or plotting; the trainer does those.
 */
public interface Method {
    /** The name used by the CLI and in run records, e.g. "fixmatch". */
    String name();

    /** The loss terms of this step. */
    Terms loss(Step step);

    /**
     * The model this method trains, given the one built for the run: a method whose loss needs parameters
     * beyond the classifier returns the model extended with them (ICL: a projection head), so that the
     * model's optimizer trains them and its checkpoints hold them. Called once, before any trainer is built
     * ({@code Experiment} does it); the default is the model itself.
     */
    default Model prepare(Model model) {
        return model;
    }

    /**
     * Called once when a trainer is built, before any step or checkpoint load: a method creates here the
     * models it keeps besides the student (an EMA teacher), so that {@link #evaluatedModels} already names
     * them and a run resumed from a checkpoint restores them instead of re-copying the student.
     */
    default void start(Model student) {}

    /** Called after each optimizer step, e.g. to move an EMA teacher. */
    default void afterUpdate(Step step, Model student) {}

    /** Whether the method reads unlabeled data (false: the sampler draws labeled batches only). */
    default boolean usesUnlabeled() {
        return true;
    }

    /** Models besides the student that the trainer should evaluate, by name (e.g. "teacher"). */
    default Map<String, Model> evaluatedModels() {
        return Map.of();
    }

    /**
     * Writes what a resumed run needs besides the models (e.g. Temporal Ensembling's per-example ensemble)
     * into a checkpoint folder being written; {@link #loadState} reads it back.
     */
    default void saveState(Path checkpoint) throws IOException {}

    /** Restores what {@link #saveState} wrote into {@code checkpoint} (called after the models are loaded). */
    default void loadState(Path checkpoint) throws IOException {}

    /**
     * Hyperparameters, for the run record: the parameters the method's factory reads, each with a value
     * that factory accepts back, so that a run folder's config.json rebuilds the same method
     * ({@code MethodParametersTest} checks this for every registered method).
     */
    default Map<String, Object> hyperparameters() {
        return Map.of();
    }
}
