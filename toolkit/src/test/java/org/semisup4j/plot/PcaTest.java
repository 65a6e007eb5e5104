package org.semisup4j.plot;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PcaTest {

    @Test
    void findsTheDirectionsOfAKnownEllipse() {
        // Points along (1, 1)/√2 with spread ±2 and along (1, -1)/√2 with spread ±1, centred at (3, 5).
        double s = Math.sqrt(0.5);
        double[][] offsets = {{2, 0}, {-2, 0}, {0, 1}, {0, -1}};
        float[][] rows = new float[4][];
        for (int i = 0; i < 4; i++) {
            double a = offsets[i][0], b = offsets[i][1];
            rows[i] = new float[]{(float) (3 + s * a + s * b), (float) (5 + s * a - s * b)};
        }
        INDArray data = Nd4j.create(rows);
        Pca pca = Pca.fit(data, 2);

        INDArray components = pca.components();
        assertEquals(s, components.getDouble(0, 0), 1e-5);
        assertEquals(s, components.getDouble(1, 0), 1e-5);
        assertEquals(s, Math.abs(components.getDouble(0, 1)), 1e-5);
        assertEquals(-components.getDouble(0, 1), components.getDouble(1, 1), 1e-5);

        // variances 8/3 and 2/3 of the two directions: ratio 0.8 and 0.2
        double[] ratio = pca.explainedVarianceRatio();
        assertEquals(0.8, ratio[0], 1e-5);
        assertEquals(0.2, ratio[1], 1e-5);

        INDArray projected = pca.project(data);
        for (int i = 0; i < 4; i++) {
            assertEquals(offsets[i][0], projected.getDouble(i, 0), 1e-5);
            assertEquals(Math.abs(offsets[i][1]), Math.abs(projected.getDouble(i, 1)), 1e-5);
        }
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(Nd4j.zeros(1, 3), 2));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(Nd4j.zeros(4, 2), 3));
        Pca pca = Pca.fit(Nd4j.rand(5, 3), 2);
        assertThrows(IllegalArgumentException.class, () -> pca.project(Nd4j.zeros(2, 4)));
    }
}
