package org.semisup4j.teacher;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;

import static org.junit.jupiter.api.Assertions.*;

class EmaTeacherTest {
    @Test
    void updateIsTheMovingAverageOfEveryWeightAndLeavesTheStudentAlone() {
        // 270 k weights: large enough that BLAS takes its vectorised path.
        Model student = Models.mlp(Models.options().seed(0), 784, 256, 256, 10);
        EmaTeacher ema = new EmaTeacher(student, 0.9);
        INDArray start = student.params().dup();
        student.params().addi(1.0);
        INDArray studentBefore = student.params().dup();

        assertEquals(0.9, ema.update(student, 1000), 1e-12);
        // θ' = 0.9·θ0 + 0.1·(θ0 + 1) = θ0 + 0.1
        assertTrue(ema.model().params().equalsWithEps(start.add(0.1), 1e-6), "teacher after one update");
        assertEquals(studentBefore, student.params(), "the student is not touched");

        // Step 0 of the warm-up rule: α = 0, the teacher becomes the student.
        assertEquals(0.0, ema.update(student, 0), 1e-12);
        assertTrue(ema.model().params().equalsWithEps(student.params(), 1e-6), "α = 0 copies the student");
    }
}
