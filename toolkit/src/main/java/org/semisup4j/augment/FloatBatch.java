package org.semisup4j.augment;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves a batch between ND4J and one flat Java {@code float[]} (C order), once per batch.
 *
 * <p>Bulk copies through the buffer's NIO view: measured on a [448,3,32,32] batch, reading takes ~1 ms
 * this way against 8–40 ms with {@code data().asFloat()}, and writing into an uninitialised array ~4 ms
 * against ~35 ms with {@code Nd4j.create(float[], shape)}. Backends whose memory is not plain host
 * memory (CUDA) take the ordinary, slower calls.
 */
final class FloatBatch {
    private FloatBatch() {
    }

    /** A copy of {@code batch}'s values in C order; never a view of ND4J memory. */
    static float[] read(INDArray batch, String who) {
        if (batch == null) {
            throw new IllegalArgumentException(who + ": batch is null");
        }
        if (!batch.dataType().isFPType()) {
            throw new IllegalArgumentException(who + ": expected a floating-point batch (FLOAT), got " + batch.dataType());
        }
        if (batch.isEmpty()) return new float[0]; // a zero-row batch has no buffer to read
        INDArray floats = batch.dataType() == DataType.FLOAT ? batch : batch.castTo(DataType.FLOAT);
        // A view, another ordering or a shared buffer would make the raw buffer disagree with C order.
        if (floats.ordering() != 'c' || floats.isView() || floats.data().length() != floats.length()) {
            floats = floats.dup('c');
        }
        if (!hostMemory()) {
            return floats.data().asFloat();
        }
        float[] values = new float[(int) floats.length()];
        floats.data().asNioFloat().get(values);
        return values;
    }

    /** A new array with {@code values}, {@code shape} and the data type of the input it came from. */
    static INDArray create(float[] values, long[] shape, DataType type) {
        INDArray out;
        if (values.length == 0 || !hostMemory()) {
            out = Nd4j.create(values, shape, 'c');
        } else {
            out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            out.data().asNioFloat().put(values);
        }
        return type == DataType.FLOAT ? out : out.castTo(type);
    }

    private static boolean hostMemory() {
        return Nd4j.getEnvironment().isCPU();
    }
}
