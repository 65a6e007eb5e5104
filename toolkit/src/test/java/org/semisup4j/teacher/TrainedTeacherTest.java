package org.semisup4j.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Teachers read from finished runs, ensembles of them and tables of their outputs. */
class TrainedTeacherTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).steps(4).evalEvery(0).testSize(50);

    @Test
    void anEnsembleAveragesLogitsAndTemperedProbabilitiesOfItsMembers() {
        Model a = Models.mlp(Models.options().seed(1), 2, 8, 3), b = Models.mlp(Models.options().seed(2), 2, 8, 3);
        INDArray x = Nd4j.rand(4, 2);
        ModelEnsemble both = ModelEnsemble.ofModels(List.of(a, b));
        INDArray za = a.predict(x, Model.Mode.EVAL).logits(), zb = b.predict(x, Model.Mode.EVAL).logits();
        assertTrue(za.sub(zb).amaxNumber().doubleValue() > 1e-3, "two different members");
        assertEquals(za.add(zb).div(2), both.logits(x, null));
        INDArray expected = Probabilities.softmax(za, 3).add(Probabilities.softmax(zb, 3)).div(2);
        assertTrue(expected.equalsWithEps(both.probabilities(x, null, 3), 1e-6));
    }

    @Test
    void runFoldersAreReadAsOneTeacherOrAsAnEnsemble(@TempDir Path dir) {
        for (int seed = 0; seed < 2; seed++) Experiment.prepare(MOONS.seed(seed)).trainer(dir.resolve("ensemble/run-" + seed)).run();
        TrainedTeacher one = TrainedTeacher.load(dir.resolve("ensemble/run-0").toString());
        TrainedTeacher listed = TrainedTeacher.load(dir.resolve("ensemble/run-0") + "," + dir.resolve("ensemble/run-1"));
        TrainedTeacher folder = TrainedTeacher.load(dir.resolve("ensemble").toString());
        INDArray x = Nd4j.rand(5, 2);
        assertEquals(1, ((ModelEnsemble) one).members().size());
        assertEquals(2, ((ModelEnsemble) folder).members().size());
        assertEquals(listed.logits(x, null), folder.logits(x, null));
        assertArrayEquals(new long[] {2}, folder.inputShape());
        assertEquals(2, folder.numClasses());
    }

    @Test
    void aTeacherForOtherDataIsOneClearError(@TempDir Path dir) {
        Experiment.prepare(MOONS).trainer(dir.resolve("moons")).run();
        RunConfig wrong = RunConfig.of("fashion-mnist").trainSize(200).testSize(50).labels(10).steps(2).method("distill")
                .param("teacher", dir.resolve("moons").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(wrong).trainer(null).run());
        assertTrue(e.getMessage().contains("reads inputs of shape [2] with 2 classes, but this run's data has inputs of shape [1, 28, 28]"
                + " with 10 classes"), e.getMessage());
    }

    @Test
    void whatIsNotAFinishedRunIsNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainedTeacher.load(dir.resolve("empty").toString()))
                .getMessage().contains("is not a run folder (no config.json) and holds no run folders"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainedTeacher.load(dir.resolve("nowhere").toString()))
                .getMessage().contains("no such folder"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainedTeacher.load(""))
                .getMessage().contains("--teacher RUN_DIR"));
        Files.createDirectories(dir.resolve("unfinished"));
        Files.writeString(dir.resolve("unfinished/config.json"), "{\"dataset\": \"two-moons\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainedTeacher.load(dir.resolve("unfinished").toString()))
                .getMessage().contains("did not finish (final.json is missing)"));
    }

    @Test
    void aTableOfOutputsAnswersByRowAndNamesARowItLacks(@TempDir Path dir) throws Exception {
        Model m = Models.mlp(Models.options().seed(4), 2, 8, 3);
        ModelEnsemble teacher = ModelEnsemble.ofModels(List.of(m));
        INDArray x = Nd4j.rand(4, 2);
        int[] rows = {7, 3, 11, 5};
        OutputTable table = OutputTable.write(dir.resolve("outputs.csv"), teacher, x, rows);
        assertArrayEquals(rows, table.rows());
        assertTrue(teacher.logits(x, null).getRows(2, 0).equalsWithEps(table.logits(null, new int[] {11, 7}), 1e-5));
        assertFalse(table.readsInputs());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> table.logits(null, new int[] {4}));
        assertTrue(missing.getMessage().contains("has no row 4"), missing.getMessage());
        Files.writeString(dir.resolve("bad.csv"), "row,logit_0\n1,2\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OutputTable.read(dir.resolve("bad.csv")))
                .getMessage().contains("expected a first line '# input_shape=[…]'"));
    }
}
