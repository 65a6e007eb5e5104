package org.semisup4j.active;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Each acquisition score against its equation, computed by hand here. */
class AcquisitionScoresTest {
    private static INDArray rows(double[]... r) {
        return Nd4j.createFromArray(r).castTo(DataType.DOUBLE);
    }

    private static double kl(double[] q, double[] p) {
        double s = 0;
        for (int c = 0; c < q.length; c++) if (q[c] > 0) s += q[c] * Math.log(q[c] / p[c]);
        return s;
    }

    private static double[] sharpen(double[] p, double t) {
        double[] q = new double[p.length];
        double z = 0;
        for (int c = 0; c < p.length; c++) z += q[c] = Math.pow(p[c], 1 / t);
        for (int c = 0; c < p.length; c++) q[c] /= z;
        return q;
    }

    @Test
    void stConalIsTheMeanKlFromTheSharpenedTeacherToEachStudent() {
        double[] teacher = {0.6, 0.3, 0.1};
        double[] s1 = {0.2, 0.5, 0.3}, s2 = {0.7, 0.2, 0.1};
        double score = StConal.score(rows(teacher), List.of(rows(s1), rows(s2)), 0.5).getDouble(0);
        double[] q = sharpen(teacher, 0.5);
        assertEquals((kl(q, s1) + kl(q, s2)) / 2, score, 1e-9);
        // The direction matters: KL(student ‖ teacher) is another number for these rows.
        double reversed = (kl(s1, q) + kl(s2, q)) / 2;
        assertTrue(Math.abs(score - reversed) > 0.05, "KL(q‖p) = " + score + " vs KL(p‖q) = " + reversed);
    }

    @Test
    void sharpeningMakesTheTeacherTargetConfidentAndTemperatureOneLeavesItAsItIs() {
        double[] teacher = {0.6, 0.4}, student = {0.6, 0.4};
        // A student equal to the unsharpened teacher scores 0 at T = 1, but not at T = 0.5: the target moved to (0.692, 0.308).
        assertEquals(0, StConal.score(rows(teacher), List.of(rows(student)), 1.0).getDouble(0), 1e-12);
        double sharpened = StConal.score(rows(teacher), List.of(rows(student)), 0.5).getDouble(0);
        assertEquals(kl(new double[]{0.36 / 0.52, 0.16 / 0.52}, student), sharpened, 1e-9);
        assertTrue(sharpened > 0.01);
        // A student that already predicts the sharpened target scores 0.
        assertEquals(0, StConal.score(rows(teacher), List.of(rows(sharpen(teacher, 0.5))), 0.5).getDouble(0), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new StConal(0));
    }

    @Test
    void baldIsTheEntropyOfTheMeanMinusTheMeanEntropy() {
        // Two confident passes that disagree: H[mean] = ln 2, mean H ≈ 0, so BALD ≈ ln 2; identical passes: 0.
        INDArray a = rows(new double[]{1, 0}, new double[]{0.5, 0.5}), b = rows(new double[]{0, 1}, new double[]{0.5, 0.5});
        INDArray s = Bald.score(List.of(a, b));
        assertEquals(Math.log(2), s.getDouble(0), 1e-9);
        assertEquals(0, s.getDouble(1), 1e-9, "passes that agree carry no information about the weights");
        SplittableRandom r = new SplittableRandom(3);
        double[][] passes = new double[4][];
        for (int t = 0; t < 4; t++) {
            double x = r.nextDouble(), y = r.nextDouble(), z = r.nextDouble();
            passes[t] = new double[]{x / (x + y + z), y / (x + y + z), z / (x + y + z)};
        }
        double[] mean = new double[3];
        double meanH = 0;
        for (double[] p : passes) {
            for (int c = 0; c < 3; c++) { mean[c] += p[c] / 4; meanH -= p[c] * Math.log(p[c]) / 4; }
        }
        double hMean = 0;
        for (double m : mean) hMean -= m * Math.log(m);
        double got = Bald.score(List.of(rows(passes[0]), rows(passes[1]), rows(passes[2]), rows(passes[3]))).getDouble(0);
        assertEquals(hMean - meanH, got, 1e-9);
        assertTrue(got >= 0, "mutual information is never negative");
    }

    @Test
    void theTeacherIsTheWeightAverageOfTheSnapshots() {
        Model a = Models.mlp(Models.options().seed(1), 2, 8, 2), b = Models.mlp(Models.options().seed(2), 2, 8, 2);
        Model avg = StConal.weightAverage(List.of(a, b));
        INDArray expected = a.params().add(b.params()).divi(2);
        assertEquals(0, expected.sub(avg.params()).norm2Number().doubleValue(), 1e-6);
        assertNotEquals(0, a.params().sub(avg.params()).norm2Number().doubleValue(), 1e-6, "the snapshots themselves are unchanged");
    }

    @Test
    void entropyScoresTheStudentsPredictiveEntropyAndRandomIsSeeded() {
        Model m = Models.mlp(Models.options().seed(4), 2, 8, 3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2);
        Acquisition.Trained trained = new Acquisition.Trained(m, List.of(m));
        INDArray p = org.semisup4j.train.Predictions.probabilities(m, x, 100);
        INDArray h = new MaxEntropy().scores(trained, x, 0);
        for (int i = 0; i < 5; i++) {
            double e = 0;
            for (int c = 0; c < 3; c++) e -= p.getDouble(i, c) * Math.log(p.getDouble(i, c));
            assertEquals(e, h.getDouble(i), 1e-5);
        }
        RandomAcquisition random = new RandomAcquisition();
        assertEquals(random.scores(trained, x, 7), random.scores(trained, x, 7));
        assertNotEquals(random.scores(trained, x, 7), random.scores(trained, x, 8));
    }
}
