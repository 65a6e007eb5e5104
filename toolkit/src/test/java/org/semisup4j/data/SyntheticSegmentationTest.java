package org.semisup4j.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticSegmentationTest {
    @Test
    void sameSeedSameSetAndLabelsSitUnderTheBrightShapes() {
        SyntheticSegmentation a = SyntheticSegmentation.generate(12, 16, 0.3, 5);
        SyntheticSegmentation b = SyntheticSegmentation.generate(12, 16, 0.3, 5);
        assertEquals(a.images(), b.images());
        assertArrayEquals(a.pixelLabels(), b.pixelLabels());
        assertNotEquals(a.images(), SyntheticSegmentation.generate(12, 16, 0.3, 6).images());
        assertArrayEquals(new long[] {12, 1, 16, 16}, a.images().shape());
        // Foreground pixels are about 1.0 brighter than background ones.
        float[] px = a.images().reshape(-1).toFloatVector();
        int[] y = a.pixelLabels();
        double fg = 0, bg = 0;
        int nf = 0, nb = 0;
        for (int k = 0; k < y.length; k++) {
            if (y[k] == 1) { fg += px[k]; nf++; } else { bg += px[k]; nb++; }
        }
        assertTrue(nf > 0 && nb > 0);
        assertEquals(1.0, fg / nf - bg / nb, 0.15);
        assertTrue(a.foregroundShare() > 0.03 && a.foregroundShare() < 0.5, "share " + a.foregroundShare());
    }

    @Test
    void subsetsKeepImagesAndLabelsTogether() {
        SyntheticSegmentation s = SyntheticSegmentation.generate(6, 8, 0.0, 1);
        INDArray two = s.images(4, 1);
        assertEquals(s.images().get(org.nd4j.linalg.indexing.NDArrayIndex.point(4)).reshape(1, 8, 8), two.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).reshape(1, 8, 8));
        int[] labels = s.pixelLabels(4, 1);
        int[][] mask = s.mask(1);
        assertEquals(mask[3][5], labels[64 + 3 * 8 + 5]);
        // Noise 0: the label is exactly where the image exceeds the background ramp (|ramp| ≤ 0.25 here).
        float[] img = s.images(1).reshape(-1).toFloatVector();
        for (int k = 0; k < 64; k++) assertEquals(labels[64 + k] == 1, img[k] > 0.5f, "pixel " + k);
        assertThrows(IndexOutOfBoundsException.class, () -> s.images(6));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSegmentation.generate(3, 4, 0.1, 0));
    }
}
