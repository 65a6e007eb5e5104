package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

final class Shapes {
    private Shapes() {}

    static void requireSame(String term, String what, INDArray array, Output output) {
        if (!Arrays.equals(array.shape(), output.value().shape()))
            throw new IllegalArgumentException(term + ": " + what + " has shape " + Arrays.toString(array.shape())
                    + " but the output has shape " + Arrays.toString(output.value().shape()));
    }
}
