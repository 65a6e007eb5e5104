package org.semisup4j.active;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** The baseline every acquisition must beat: a uniform random score, so the top b are a uniform random sample of the pool. */
public final class RandomAcquisition implements Acquisition {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public INDArray scores(Trained trained, INDArray pool, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] s = new double[(int) pool.size(0)];
        for (int i = 0; i < s.length; i++) s[i] = random.nextDouble();
        return Nd4j.createFromArray(s).castTo(DataType.DOUBLE);
    }
}
