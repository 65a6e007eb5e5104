package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.data.SyntheticSegmentation;
import org.semisup4j.model.FullyConvolutionalModel;
import org.semisup4j.model.Model;

import static org.junit.jupiter.api.Assertions.*;

/** The per-pixel model's row layout and the UA-MT segmentation loop at a tiny size. */
class SegmentationTest {
    @Test
    void logitRowsAreImagePixelsInRowMajorOrder() {
        INDArray images = Nd4j.arange(2 * 3 * 4 * 4).castTo(DataType.FLOAT).reshape(2, 3, 4, 4);
        INDArray rows = FullyConvolutionalModel.toRows(images);
        assertArrayEquals(new long[] {32, 3}, rows.shape());
        // Row of image 1, pixel (y=2, x=3), channel 2 = images[1, 2, 2, 3].
        assertEquals(images.getDouble(1, 2, 2, 3), rows.getDouble(16 + 2 * 4 + 3, 2));
    }

    @Test
    void inputGradientMatchesFiniteDifferencesInFloat() {
        FullyConvolutionalModel m = FullyConvolutionalModel.create(1, 8, 2, 4, 0.0, 1e-3, 3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 8, 8);
        INDArray w = Nd4j.rand(DataType.FLOAT, 64, 2);
        // Loss = Σ w ⊙ logits: dLoss/dlogits = w.
        INDArray g = m.inputGradient(x, out -> w, Model.Mode.EVAL);
        double eps = 1e-2;
        for (int k : new int[] {0, 9, 27, 63}) {
            INDArray plus = x.dup(), minus = x.dup();
            plus.reshape(-1).putScalar(k, x.reshape(-1).getDouble(k) + eps);
            minus.reshape(-1).putScalar(k, x.reshape(-1).getDouble(k) - eps);
            double fd = (m.predict(plus, Model.Mode.EVAL).logits().mul(w).sumNumber().doubleValue()
                    - m.predict(minus, Model.Mode.EVAL).logits().mul(w).sumNumber().doubleValue()) / (2 * eps);
            assertEquals(fd, g.reshape(-1).getDouble(k), 1e-2 + 1e-2 * Math.abs(fd), "pixel " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> m.predict(Nd4j.rand(DataType.FLOAT, 1, 1, 9, 9), Model.Mode.EVAL));
    }

    @Test
    void uaMtLoopRunsReportsMasksAndMovesTheTeacher() {
        SyntheticSegmentation train = SyntheticSegmentation.generate(12, 12, 0.5, 1);
        SyntheticSegmentation test = SyntheticSegmentation.generate(4, 12, 0.5, 2);
        double[] maskRate = {-1};
        SegmentationTraining.Result r = SegmentationTraining.of(train, test).variant(SegmentationTraining.Variant.UA_MT)
                .labeledImages(3).steps(6).evalEvery(3).width(6).run(p -> {
                    assertNotNull(p.teacherView());
                    assertEquals(2 * 144, p.teacherView().mask().length(), "one mask entry per unlabeled pixel");
                    maskRate[0] = p.diagnostics().get("mask_rate");
                });
        assertTrue(maskRate[0] >= 0 && maskRate[0] <= 1);
        assertEquals(2, r.history().size());
        assertNotNull(r.teacher());
        assertTrue(r.student().dice() >= 0 && r.student().dice() <= 1);
        assertNotEquals(r.model().params(), r.teacherModel().params(), "teacher is an average, not the student");
    }
}
