package org.semisup4j.active;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.train.Predictions;

/** Uncertainty sampling: label where the trained student's prediction is most spread, score(x) = H[p(·|x)] = −Σ_c p_c ln p_c. */
public final class MaxEntropy implements Acquisition {
    @Override
    public String name() {
        return "entropy";
    }

    @Override
    public INDArray scores(Trained trained, INDArray pool, long seed) {
        return Probabilities.entropy(Predictions.probabilities(trained.student(), pool, 1000));
    }
}
