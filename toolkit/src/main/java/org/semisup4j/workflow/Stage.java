package org.semisup4j.workflow;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One stage of a {@link Workflow}: an ordinary piece of work in its own folder (usually one training run, with
 * its config, metrics and checkpoints) that reads artefacts of earlier stages and returns its own.
 */
public interface Stage {
    /** Unique within its workflow; names the stage's folder. */
    String name();

    /**
     * Does the stage's work in {@code folder}. The folder may hold an attempt that was interrupted: the stage
     * continues it (a training run from its last checkpoint) rather than starting over.
     *
     * @param inputs every artefact of the earlier stages
     * @return this stage's artefacts
     */
    Artefacts run(Path folder, Artefacts inputs) throws IOException;
}
