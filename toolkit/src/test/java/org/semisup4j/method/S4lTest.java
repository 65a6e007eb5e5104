package org.semisup4j.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.TrainingListener;

/**
 * S4L on small synthetic images read from a CSV with {@code --image-shape}: the rotation head learns, only
 * through its term, and is restored on resume; the combinations add their terms to the one pass; vectors are
 * refused.
 */
class S4lTest {
    @TempDir
    static Path dir;

    /**
     * 200 upright 8×8 images: brightness falls from top to bottom (so a rotation is visible), and class 1 has a
     * bright left column, class 0 a bright right one; pixel noise σ 0.1.
     */
    static Path images() throws IOException {
        Path file = dir.resolve("upright.csv");
        if (Files.exists(file)) return file;
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < 64; p++) s.append('p').append(p).append(',');
        s.append("label\n");
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            int label = i % 2;
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++) {
                    double v = 1 - y / 7.0 + ((label == 1 ? x == 1 : x == 6) ? 0.8 : 0) + 0.1 * r.nextGaussian();
                    s.append(String.format(java.util.Locale.ROOT, "%.3f", v)).append(',');
                }
            s.append(label).append('\n');
        }
        return Files.writeString(file, s.toString());
    }

    static RunConfig config(String method) throws IOException {
        return RunConfig.of("csv:" + images()).imageShape("1x8x8").method(method).labels(4).batchSize(8).unlabeledRatio(1)
                .evalEvery(0);
    }

    @Test
    void theRotationHeadLearnsToNameTheRotationAndIsUpdatedThroughItsTermOnly() throws IOException {
        Experiment trained = Experiment.prepare(config("s4l-rotation").steps(60));
        S4l method = (S4l) trained.method();
        trained.trainer(null).run();
        INDArray test = trained.test().features();
        double accuracy = method.rotationAccuracy(trained.model(), test);
        assertTrue(accuracy > 0.9, "rotation accuracy on held-out images after 60 steps: " + accuracy);

        // weight 0: the head gets no gradient and stays as drawn — it learns from the rotation term, nothing else
        Experiment still = Experiment.prepare(config("s4l-rotation").steps(20).param("weight", 0.0));
        S4l idle = (S4l) still.method();
        still.trainer(null);   // the trainer's start() draws the head
        INDArray drawn = idle.head(still.model()).params().dup();
        still.trainer(null).run();
        assertEquals(drawn, idle.head(still.model()).params());
        assertNotEquals(drawn, method.head(trained.model()).params());
    }

    @Test
    void aResumedRotationRunRestoresTheHeadAndEndsWhereAnUninterruptedOneEnds() throws Exception {
        RunConfig c = config("s4l-rotation").steps(8).param("rotations", 1);
        Experiment full = Experiment.prepare(c);
        full.trainer(dir.resolve("full")).run();   // checkpoints at 2, 4, 6, 8 (the last two kept)
        Path checkpoint = dir.resolve("full/checkpoints/step-000006");
        assertTrue(Files.isRegularFile(checkpoint.resolve("rotation-head.bin")), "the checkpoint holds the rotation head");
        Experiment resumed = Experiment.prepare(c);
        resumed.trainer(dir.resolve("again")).resumeFrom(checkpoint).run();
        S4l a = (S4l) full.method(), b = (S4l) resumed.method();
        assertEquals(a.head(full.model()).params(), b.head(resumed.model()).params(), "same head and head optimizer state");
        assertEquals(full.model().params(), resumed.model().params(), "same model weights");
    }

    @Test
    void combinedWithVatEntMinOrPseudoLabelsItsTermsJoinThePretextTerm() throws IOException {
        assertEquals(Set.of("supervised", "lds", "entropy", "rotation"),
                termsOf(config("s4l-rotation").param("base", "vat-entmin").param("epsilon", 0.3).param("rotations", 1)));
        assertEquals(Set.of("supervised", "pseudo_label", "exemplar"),
                termsOf(config("s4l-exemplar").param("base", "pseudo-label").param("copies", 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(config("s4l-rotation").param("base", "fixmatch")));
        assertTrue(e.getMessage().contains("'base'") && e.getMessage().contains("vat-entmin"), e.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(config("s4l-rotation").param("epsilon", 0.3)));
        assertTrue(other.getMessage().contains("'epsilon'"), "VAT's epsilon needs base=vat-entmin: " + other.getMessage());
    }

    @Test
    void theExemplarTermFallsAsCopiesOfAnImageAreDrawnTogether() throws IOException {
        List<Double> exemplar = new ArrayList<>();
        Experiment.run(config("s4l-exemplar").steps(40).param("copies", 2), new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                exemplar.add(r.terms().get("exemplar"));
            }
        });
        // measured: 0.68 over the first 5 steps, 0.58 over the last 5
        double first = exemplar.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = exemplar.subList(35, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(first > 0 && last < 0.9 * first, "exemplar term, first 5 steps " + first + ", last 5 " + last);
    }

    @Test
    void onVectorDataEitherVariantIsOneClearError() {
        for (String name : new String[] {"s4l-rotation", "s4l-exemplar"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Experiment.prepare(RunConfig.of("two-moons").method(name)));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("needs images") && e.getMessage().contains("[2]"),
                    e.getMessage());
        }
    }

    @Test
    void bothVariantsTrainOnUniformBatchesAndWithoutUnlabeledRows() throws IOException {
        // What BatchCompositionTest checks for the vector methods on moons.
        for (String name : new String[] {"s4l-rotation", "s4l-exemplar"})
            for (RunConfig c : new RunConfig[] {config(name).batches("uniform"), config(name).unlabeledRatio(0)})
                Experiment.run(c.steps(3), new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        assertTrue(Double.isFinite(r.loss()), name + " step " + r.step() + ": " + r.loss());
                    }
                });
    }

    private static Set<String> termsOf(RunConfig c) {
        List<Set<String>> names = new ArrayList<>();
        Experiment.run(c.steps(2), new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                names.add(r.terms().keySet());
            }
        });
        return Set.copyOf(names.get(1));
    }
}
