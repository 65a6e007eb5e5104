package org.semisup4j.teacher;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class McDropoutTeacherTest {
    @Test
    void maskAgainstAHandComputedExample() {
        // Three classes, u_max = ln 3 = 1.0986. Rows:
        //   (1, 0, 0)          u = 0                      → kept
        //   (0.5, 0.5, 0)      u = ln 2 = 0.6931          → u/ln3 = 0.631: kept at ramp 0 (H = 0.75 ln 3 = 0.824)
        //   (0.6, 0.2, 0.2)    u = 0.9503                 → u/ln3 = 0.865: dropped at ramp 0, kept at ramp 0.9 (H = 0.975 ln 3)
        //   (1/3, 1/3, 1/3)    u = ln 3                   → dropped at both
        INDArray p = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0.5, 0.5, 0}, {0.6, 0.2, 0.2}, {1 / 3.0, 1 / 3.0, 1 / 3.0}});
        McDropoutTeacher.Estimate e = McDropoutTeacher.summarise(p);
        double u3 = -(0.6 * Math.log(0.6) + 2 * 0.2 * Math.log(0.2));
        assertArrayEquals(new double[] {0, Math.log(2), u3, Math.log(3)}, e.entropy().toDoubleVector(), 1e-9);
        assertEquals(Math.log(2) / Math.log(3), e.normalisedEntropy().getDouble(1), 1e-9);
        assertEquals(0.75 * Math.log(3), McDropoutTeacher.threshold(0, 3), 1e-12);
        assertEquals(Math.log(3), McDropoutTeacher.threshold(1, 3), 1e-12);
        assertArrayEquals(new float[] {1, 1, 0, 0}, McDropoutTeacher.mask(e.entropy(), McDropoutTeacher.threshold(0, 3)).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 1, 0}, McDropoutTeacher.mask(e.entropy(), McDropoutTeacher.threshold(0.9, 3)).toFloatVector());
        // The threshold follows the number of classes: normalised by ln 2 instead of ln 3, it would be
        // 0.75·ln 2 = 0.52 and row 1 (u = 0.69) would be dropped — the mask above keeps it.
        assertEquals(0.75 * Math.log(2), McDropoutTeacher.threshold(0, 2), 1e-12);
        assertArrayEquals(new float[] {1, 0, 0, 0}, McDropoutTeacher.mask(e.entropy(), McDropoutTeacher.threshold(0, 2)).toFloatVector());
    }

    @Test
    void passesAreStochasticAndNoiseIsClipped() {
        McDropoutTeacher t = new McDropoutTeacher(8, 0.1, 0.2);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 50, 4);
        INDArray noisy = t.noisy(x, new SplittableRandom(1));
        assertTrue(noisy.amaxNumber().doubleValue() <= 0.2 + 1e-7, "noise clipped at ±0.2");
        assertTrue(noisy.std(false).getDouble(0) > 0.05, "noise is there");
        Model m = Models.mlp(Models.options().seed(2).dropout(0.5), 4, 32, 32, 3);
        INDArray in = Nd4j.rand(DataType.FLOAT, 6, 4);
        McDropoutTeacher.Estimate one = new McDropoutTeacher(1, 0, 0).estimate(m, in, new SplittableRandom(3));
        McDropoutTeacher.Estimate many = t.estimate(m, in, new SplittableRandom(3));
        assertArrayEquals(new long[] {6, 3}, many.meanProbabilities().shape());
        assertEquals(6, many.meanProbabilities().sum(1).sub(1).norm1Number().doubleValue() + 6, 1e-4, "rows sum to 1");
        // Averaging T dropout passes raises the entropy of the mean over a single pass (on average).
        assertTrue(many.entropy().meanNumber().doubleValue() > one.entropy().meanNumber().doubleValue() - 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new McDropoutTeacher(0, 0.1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> McDropoutTeacher.threshold(0.5, 1));
    }
}
