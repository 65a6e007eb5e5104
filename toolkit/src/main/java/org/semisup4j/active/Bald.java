package org.semisup4j.active;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.teacher.McDropoutTeacher;

import java.util.ArrayList;
import java.util.List;

/**
 * BALD with Monte-Carlo dropout (Houlsby et al. 2011; Gal et al. 2017): the mutual information between the
 * label and the weights, estimated from T stochastic passes p_t (dropout on),
 * <pre>  score(x) = H[(1/T) Σ_t p_t(x)] − (1/T) Σ_t H[p_t(x)]</pre>
 * high where the passes are each confident but disagree. Needs a model with dropout.
 */
public final class Bald implements Acquisition {
    private final int passes;

    public Bald(int passes) {
        if (passes < 2) throw new IllegalArgumentException("BALD needs at least 2 Monte-Carlo dropout passes, got " + passes);
        this.passes = passes;
    }

    @Override
    public String name() {
        return "bald";
    }

    @Override
    public INDArray scores(Trained trained, INDArray pool, long seed) {
        Nd4j.getRandom().setSeed(seed); // the dropout masks
        List<INDArray> p = new ArrayList<>();
        for (int t = 0; t < passes; t++)
            p.add(Probabilities.softmax(trained.student().predict(pool, Model.Mode.STOCHASTIC).logits()));
        return score(p);
    }

    /** H[mean_t p_t] − mean_t H[p_t] per row, in nats, from T passes' probabilities [N, C]. */
    public static INDArray score(List<INDArray> passProbabilities) {
        INDArray mean = null, meanEntropy = null;
        for (INDArray p : passProbabilities) {
            mean = mean == null ? p.dup() : mean.addi(p);
            INDArray h = Probabilities.entropy(p);
            meanEntropy = meanEntropy == null ? h : meanEntropy.addi(h);
        }
        mean.divi(passProbabilities.size());
        meanEntropy.divi(passProbabilities.size());
        return McDropoutTeacher.summarise(mean).entropy().subi(meanEntropy);
    }

    public int passes() {
        return passes;
    }
}
