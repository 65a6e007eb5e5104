package org.semisup4j.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class ProbabilitiesTest {
    @Test
    void softmaxIsStableForHugeLogits() {
        INDArray p = Probabilities.softmax(Nd4j.createFromArray(new double[][]{{1000, 1000, -1000}}));
        assertEquals(0.5, p.getDouble(0, 0), 1e-12);
        assertEquals(0.0, p.getDouble(0, 2), 1e-12);
    }

    @Test
    void sharpenByHandExample() {
        INDArray p = Nd4j.createFromArray(new double[][]{{0.6, 0.3, 0.1}});
        INDArray q = Probabilities.sharpen(p, 0.5); // squares, renormalised
        double z = 0.36 + 0.09 + 0.01;
        assertEquals(0.36 / z, q.getDouble(0, 0), 1e-12);
        assertEquals(0.01 / z, q.getDouble(0, 2), 1e-12);
        assertEquals(p, Probabilities.sharpen(p, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Probabilities.sharpen(p, 0));
    }

    @Test
    void confidenceMaskIsExactlyTheThresholdIndicator() {
        INDArray p = Nd4j.createFromArray(new double[][]{{0.95, 0.05}, {0.94999, 0.05001}, {0.02, 0.98}});
        INDArray mask = Probabilities.confidenceMask(p, 0.95);
        assertArrayEquals(new double[]{1, 0, 1}, mask.toDoubleVector());
        assertEquals(2.0 / 3, Probabilities.rate(mask), 1e-12);
    }

    @Test
    void entropyOfUniformIsLogC() {
        INDArray p = Nd4j.ones(DataType.DOUBLE, 2, 4).divi(4);
        assertEquals(Math.log(4), Probabilities.entropy(p).getDouble(0), 1e-12);
        assertEquals(0.0, Probabilities.entropy(Probabilities.oneHot(new int[]{1}, 3, DataType.DOUBLE)).getDouble(0), 1e-12);
    }

    @Test
    void argmaxTakesTheFirstOnTies() {
        assertArrayEquals(new int[]{0, 2}, Probabilities.argmax(Nd4j.createFromArray(new double[][]{{0.5, 0.5, 0}, {0.1, 0.2, 0.7}})));
    }
}
