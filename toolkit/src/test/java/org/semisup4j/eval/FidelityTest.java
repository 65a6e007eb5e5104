package org.semisup4j.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class FidelityTest {
    private static final INDArray TEACHER = Nd4j.createFromArray(new float[][]{
            {0.5f, 0.5f, 0.0f},
            {0.1f, 0.7f, 0.2f},
            {0.2f, 0.2f, 0.6f}});

    @Test
    void identicalPredictionsAgreeFullyWithZeroKl() {
        Fidelity f = Fidelity.of(TEACHER, TEACHER.dup());
        assertEquals(3, f.n());
        assertEquals(1.0, f.agreement(), 0);
        assertEquals(0.0, f.meanKl(), 1e-7);
    }

    @Test
    void handExample() {
        INDArray student = Nd4j.createFromArray(new float[][]{
                {0.25f, 0.75f, 0.0f},  // argmax 1 vs teacher's 0 (tie -> 0): disagree
                {0.1f, 0.7f, 0.2f},    // same row: agree, KL 0
                {0.5f, 0.25f, 0.25f}}); // argmax 0 vs 2: disagree
        Fidelity f = Fidelity.of(TEACHER, student);
        assertEquals(1.0 / 3, f.agreement(), 1e-12);
        double row0 = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75); // teacher's 0 contributes nothing
        double row2 = 0.2 * Math.log(0.2 / 0.5) + 0.2 * Math.log(0.2 / 0.25) + 0.6 * Math.log(0.6 / 0.25);
        assertEquals((row0 + row2) / 3, f.meanKl(), 1e-6);
        assertTrue(f.toString().contains("agreement=0.3333"), f.toString());
    }

    @Test
    void klIsNotSymmetricAndUsesTeacherAsReference() {
        INDArray a = Nd4j.createFromArray(new float[][]{{0.9f, 0.1f}});
        INDArray b = Nd4j.createFromArray(new float[][]{{0.6f, 0.4f}});
        double ab = 0.9 * Math.log(0.9 / 0.6) + 0.1 * Math.log(0.1 / 0.4);
        double ba = 0.6 * Math.log(0.6 / 0.9) + 0.4 * Math.log(0.4 / 0.1);
        assertEquals(ab, Fidelity.of(a, b).meanKl(), 1e-6);
        assertEquals(ba, Fidelity.of(b, a).meanKl(), 1e-6);
    }

    @Test
    void aStudentZeroWhereTheTeacherHasMassGivesALargeButFiniteKl() {
        INDArray teacher = Nd4j.createFromArray(new float[][]{{0.5f, 0.5f}});
        INDArray student = Nd4j.createFromArray(new float[][]{{1f, 0f}});
        double expected = 0.5 * Math.log(0.5) + 0.5 * (Math.log(0.5) - Math.log(Fidelity.MIN_STUDENT_PROBABILITY));
        assertEquals(expected, Fidelity.of(teacher, student).meanKl(), 1e-9);
    }

    @Test
    void mismatchedOrInvalidInputsAreRejected() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Fidelity.of(TEACHER, TEACHER.getRows(0, 1)));
        assertTrue(rows.getMessage().contains("studentProbs has 2 rows but teacherProbs has 3"), rows.getMessage());
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class,
                () -> Fidelity.of(TEACHER, Nd4j.createFromArray(new float[][]{{0.5f, 0.5f}, {0.5f, 0.5f}, {1f, 0f}})));
        assertTrue(columns.getMessage().contains("studentProbs has 2 columns"), columns.getMessage());
        INDArray nan = TEACHER.dup();
        nan.putScalar(1, 2, Float.NaN);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Fidelity.of(nan, TEACHER));
        assertTrue(bad.getMessage().contains("teacherProbs[1, 2] = NaN"), bad.getMessage());
    }

    @Test
    void aModelComparedWithItselfAsTeacherAgreesFullyAndAnotherModelDoesNot() {
        org.semisup4j.model.Model m = org.semisup4j.model.Models.mlp(org.semisup4j.model.Models.options().seed(1), 2, 16, 3);
        org.semisup4j.model.Model other = org.semisup4j.model.Models.mlp(org.semisup4j.model.Models.options().seed(2), 2, 16, 3);
        INDArray x = Nd4j.rand(200, 2).subi(0.5).muli(8);
        var teacher = org.semisup4j.teacher.ModelEnsemble.ofModels(java.util.List.of(m));
        Fidelity self = Fidelity.of(teacher, m, x, null);
        assertEquals(1.0, self.agreement());
        assertEquals(0.0, self.meanKl(), 1e-6);
        Fidelity f = Fidelity.of(teacher, other, x, null);
        assertEquals(Fidelity.of(teacher.probabilities(x, null, 1), org.semisup4j.train.Predictions.probabilities(other, x, 1000)).meanKl(),
                f.meanKl(), 1e-12);
        assertTrue(f.agreement() < 1 && f.meanKl() > 0, f.toString());
    }
}
