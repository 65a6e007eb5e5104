package org.semisup4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;

import java.util.ArrayList;
import java.util.List;

/** Evaluation-mode predictions over a large array, in chunks so memory stays bounded. */
public final class Predictions {
    private Predictions() {}

    public static INDArray probabilities(Model model, INDArray x, int chunk) {
        long n = x.size(0);
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += chunk) {
            long to = Math.min(n, from + chunk);
            INDArray rows = x.get(NDArrayIndex.interval(from, to));
            parts.add(Probabilities.softmax(model.predict(rows, Model.Mode.EVAL).logits()));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }
}
