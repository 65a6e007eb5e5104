package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.model.Optimizer;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Meta Pseudo Labels' teacher feedback h = η ∇CE_l(θ')ᵀ ∇CE(ŷ; θ): its value against exact parameter gradients, its
 * sign (the teacher moves towards the pseudo-labels that help the student on labeled data), and resumed runs of
 * mpl and self-mpl.
 */
class MetaPseudoLabelsTest {
    private static final double ETA = 0.5;

    /** Two Gaussian blobs, class 0 around (−1.5, 0) and class 1 around (1.5, 0). */
    private static INDArray blobs(int[] labels, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, labels.length, 2).muli(0.7);
        for (int i = 0; i < labels.length; i++) x.putScalar(i, 0, x.getDouble(i, 0) + (labels[i] == 0 ? -1.5 : 1.5));
        return x;
    }

    private static final int[] LABELED = {0, 1, 0, 1, 0, 1}, UNLABELED = {0, 0, 1, 1, 0, 1, 1, 0, 1, 0};

    private static Model mlp(long seed) {
        return Models.mlp(Models.options().dataType(DataType.DOUBLE).seed(seed).optimizer(Optimizer.sgd(ETA)), 2, 8, 2);
    }

    /** The student's plain-SGD step on CE(ŷ, S(x_u)), as the trainer takes it. */
    private static void studentStep(Model student, INDArray xu, int[] pseudo) {
        Output z = Output.of(student.forward(xu).logits());
        student.backward(CrossEntropy.of(z, pseudo).gradient(z), null, false);
        student.update(ETA, 0);
    }

    /** ∇_θ of the mean cross-entropy, exactly (backpropagation), on a copy stepped by plain SGD of size 1. */
    private static INDArray gradient(Model m, INDArray x, int[] y) {
        Model copy = m.copy();
        copy.setOptimizer(Optimizer.sgd(1));
        Output z = Output.of(copy.forward(x).logits());
        copy.backward(CrossEntropy.of(z, y).gradient(z), null, false);
        INDArray before = copy.params().dup();
        copy.update(1, 0);
        return before.subi(copy.params());
    }

    @Test
    void feedbackIsEtaTimesTheLabeledGradientAfterTheStepDotThePseudoLabelGradientBeforeIt() {
        Model student = mlp(3);
        INDArray xl = blobs(LABELED, 1), xu = blobs(UNLABELED, 2);
        int[] pseudo = {0, 1, 1, 0, 0, 1, 0, 0, 1, 1}; // partly wrong, so the two gradients are far from parallel
        INDArray before = student.params().dup();
        INDArray pseudoGradient = gradient(student, xu, pseudo);
        studentStep(student, xu, pseudo);
        INDArray after = student.params().dup();
        double exact = ETA * gradient(student, xl, LABELED).mul(pseudoGradient).sumNumber().doubleValue();

        double h = TeacherFeedback.coefficient(student, before, xl, LABELED);
        assertEquals(after, student.params(), "the student is left where its step put it");
        assertTrue(Math.abs(exact) > 1e-4, "the check must not pass on a vanishing h: " + exact);
        assertEquals(exact, h, 1e-4 * Math.abs(exact), "h against η ∇CE_l(θ')·∇CE(ŷ; θ) from backpropagation");
    }

    @Test
    void theTeacherMovesTowardsPseudoLabelsThatHelpTheStudentAndAwayFromThoseThatHurtIt() {
        INDArray xl = blobs(LABELED, 1), xu = blobs(UNLABELED, 2);
        int[] flipped = new int[UNLABELED.length];
        for (int i = 0; i < flipped.length; i++) flipped[i] = 1 - UNLABELED[i];
        for (int[] pseudo : new int[][] {UNLABELED, flipped}) {
            boolean right = pseudo == UNLABELED;
            Model student = mlp(3), teacher = mlp(4);
            INDArray before = student.params().dup();
            studentStep(student, xu, pseudo);
            double h = TeacherFeedback.coefficient(student, before, xl, LABELED);
            assertEquals(right, h > 0, (right ? "true" : "flipped") + " pseudo-labels: h = " + h);

            // The feedback term alone (no supervised term), so only h can send the teacher either way; a small
            // step, so the first-order change decides: Δ log p_T(ŷ) = lr · h · |∇CE(ŷ)|².
            double pseudoBefore = logLikelihood(teacher, xu, pseudo);
            TeacherFeedback.update(teacher, xl, LABELED, xu, pseudo, null, 0.0, h, 0.0, 0.05, 0);
            double gain = logLikelihood(teacher, xu, pseudo) - pseudoBefore;
            assertEquals(right, gain > 0, (right ? "true" : "flipped") + " pseudo-labels: the teacher must make them "
                    + (right ? "more" : "less") + " likely; log-likelihood changed by " + gain);
        }
    }

    /** Mean log p(y | x) under a model in evaluation mode. */
    private static double logLikelihood(Model m, INDArray x, int[] y) {
        INDArray logP = Probabilities.logSoftmax(m.predict(x, Model.Mode.EVAL).logits());
        return logP.mul(Probabilities.oneHot(y, 2, DataType.DOUBLE)).sum(1).meanNumber().doubleValue();
    }

    @Test
    void bothAreRegisteredAndABadPseudoLabelRuleNamesTheParameter() {
        assertInstanceOf(MetaPseudoLabels.class, Methods.create(RunConfig.of("two-moons").method("mpl")));
        assertInstanceOf(SelfMetaPseudoLabels.class, Methods.create(RunConfig.of("two-moons").method("self-mpl")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(RunConfig.of("two-moons").method("self-mpl").param("pseudo_labels", "soft")));
        assertTrue(e.getMessage().contains("'pseudo_labels'") && e.getMessage().contains("'sample' or 'argmax'"), e.getMessage());
    }

    @Test
    void theFeedbackScaleIsAParameterAndANegativeOneNamesIt() {
        Method m = Methods.create(RunConfig.of("two-moons").method("mpl").param("feedback", 10));
        assertEquals(10.0, m.hyperparameters().get("feedback"));
        assertEquals(1.0, Methods.create(RunConfig.of("two-moons").method("self-mpl")).hyperparameters().get("feedback"), "the paper's h by default");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(RunConfig.of("two-moons").method("mpl").param("feedback", -1)));
        assertTrue(e.getMessage().contains("'feedback'") && e.getMessage().contains(">= 0"), e.getMessage());
    }

    @Test
    void aResumedRunEndsWithTheSameStudentAndTeacherAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        for (String method : new String[] {"mpl", "self-mpl"}) {
            RunConfig c = RunConfig.of("two-moons").method(method).labels(6).steps(40).evalEvery(0);
            Experiment full = Experiment.prepare(c);
            full.trainer(dir.resolve(method + "/full")).run(); // checkpoints at 10, 20, 30, 40 (the last two kept)
            Path checkpoint = dir.resolve(method + "/full/checkpoints/step-000030");
            assertEquals(method.equals("mpl"), Files.isRegularFile(checkpoint.resolve("teacher.bin")),
                    method + ": the checkpoint holds a teacher exactly when the method has one");

            Experiment resumed = Experiment.prepare(c);
            resumed.trainer(dir.resolve(method + "/again")).resumeFrom(checkpoint).run();
            assertEquals(full.model().params(), resumed.model().params(), method + ": same student");
            Method a = full.method(), b = resumed.method();
            if (a instanceof MetaPseudoLabels mpl)
                assertEquals(mpl.teacher().params(), ((MetaPseudoLabels) b).teacher().params(), "same teacher");
        }
    }
}
