package org.semisup4j.workflow;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.teacher.OutputTable;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.Checkpoints;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Trainer;
import org.semisup4j.train.TrainingListener;
import org.semisup4j.train.TrainingResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The general stages: train a model ({@link #train}), label a pool with a model ({@link #label}). "Train on
 * labels + pseudo-labels / teacher outputs" is a train stage whose configuration names an earlier artefact
 * as its teacher; "repeat" is {@link Workflow.Builder#repeat}.
 */
public final class Stages {
    private Stages() {}

    /**
     * One training run in the stage's folder; its artefact, named like the stage, is that run folder (load the
     * model with {@link org.semisup4j.experiment.SavedRun#load}, or pass it as a teacher). An interrupted run continues
     * from its last checkpoint; one interrupted before its first checkpoint starts again.
     *
     * @param config the run's configuration, which may read earlier artefacts (e.g. a teacher's folder)
     */
    public static Stage train(String name, Function<Artefacts, RunConfig> config, TrainingListener... listeners) {
        return trainWatched(name, config, experiment -> List.of(listeners));
    }

    /**
     * {@link #train}, with listeners made for the stage's experiment once it is built (e.g. a
     * {@link org.semisup4j.experiment.LiveFidelity} that reads the student and its data).
     */
    public static Stage trainWatched(String name, Function<Artefacts, RunConfig> config,
                                     Function<Experiment, List<TrainingListener>> listeners) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Artefacts run(Path folder, Artefacts inputs) throws IOException {
                Experiment experiment = Experiment.prepare(config.apply(inputs));
                Optional<Path> checkpoint = Checkpoints.latest(folder.resolve("checkpoints"));
                if (checkpoint.isEmpty()) removeUncheckpointedAttempt(folder);
                Trainer trainer = experiment.trainer(folder, listeners.apply(experiment).toArray(TrainingListener[]::new));
                if (checkpoint.isPresent()) trainer.resumeFrom(checkpoint.get());
                TrainingResult result = trainer.run();
                return Artefacts.empty(folder.getParent()).with(name, folder)
                        .with(name + "_test_accuracy", result.accuracy());
            }
        };
    }

    /**
     * Labels the training rows a configuration's split uses (labeled and unlabeled) with the model(s) an earlier
     * artefact names, and writes the teacher's outputs ({@link OutputTable}) to {@code outputs.csv}; its
     * artefact, named like the stage, is that file — usable as a student stage's teacher.
     *
     * @param teacherArtefact the artefact naming the run folder (or ensemble folder) to label with
     * @param data            the dataset and split whose rows to label
     */
    public static Stage label(String name, String teacherArtefact, Function<Artefacts, RunConfig> data) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Artefacts run(Path folder, Artefacts inputs) throws IOException {
                Experiment experiment = Experiment.prepare(data.apply(inputs));
                int[] rows = IntStream.concat(IntStream.of(experiment.split().labeled()), IntStream.of(experiment.split().unlabeled()))
                        .sorted().toArray();
                INDArray x = experiment.train().features(rows);
                TrainedTeacher teacher = TrainedTeacher.load(inputs.path(teacherArtefact).toString());
                teacher.checkFits(experiment.train().exampleShape(), experiment.train().numClasses());
                Path table = folder.resolve("outputs.csv");
                OutputTable.write(table, teacher, x, rows);
                return Artefacts.empty(folder.getParent()).with(name, table).with(name + "_rows", rows.length);
            }
        };
    }

    /**
     * A run folder without a checkpoint holds no trained weights, only the record of an attempt that died
     * early: that record goes, so the stage can start its run again (a run folder with a run is never reused).
     */
    public static void removeUncheckpointedAttempt(Path folder) throws IOException {
        for (String file : List.of("config.json", "metrics.csv", "final.json")) Files.deleteIfExists(folder.resolve(file));
        Path checkpoints = folder.resolve("checkpoints");
        if (Files.exists(checkpoints)) try (var walk = Files.walk(checkpoints)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
