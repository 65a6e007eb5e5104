package org.semisup4j.active;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.train.Predictions;

import java.util.ArrayList;
import java.util.List;

/**
 * ST-CoNAL (Baik et al. 2022, arXiv:2207.02182): the K snapshot students of one SGD run disagree most with
 * their own temporal self-ensemble where the model is least settled. Teacher θ_T = (1/K) Σ_k θ_k (the weight
 * average of the snapshots), and
 * <pre>  score(x) = (1/K) Σ_k KL( sharpen(p_T(x), T) ‖ p_k(x) )</pre>
 * with sharpen(p, T)_c ∝ p_c^{1/T}: sharpening turns the teacher into a confident target, so a student that
 * spreads its probability where the teacher is sure scores high.
 */
public final class StConal implements Acquisition {
    private final double temperature;

    /** @param temperature sharpening temperature T of the teacher's prediction (T = 1: no sharpening) */
    public StConal(double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("ST-CoNAL's sharpening temperature must be > 0, got " + temperature);
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "st-conal";
    }

    @Override
    public INDArray scores(Trained trained, INDArray pool, long seed) {
        Model teacher = weightAverage(trained.snapshots());
        List<INDArray> students = new ArrayList<>();
        for (Model k : trained.snapshots()) students.add(Predictions.probabilities(k, pool, 1000));
        return score(Predictions.probabilities(teacher, pool, 1000), students, temperature);
    }

    /** mean_k KL(sharpen(p_T, T) ‖ p_k) per row, in nats, from the teacher's and the students' probabilities [N, C]. */
    public static INDArray score(INDArray teacherProbabilities, List<INDArray> studentProbabilities, double temperature) {
        INDArray target = Probabilities.sharpen(teacherProbabilities, temperature);
        INDArray logTarget = log(target);
        INDArray sum = null;
        for (INDArray p : studentProbabilities) {
            INDArray kl = target.mul(logTarget.sub(log(p))).sum(1);   // KL(q ‖ p_k) = Σ_c q_c (log q_c − log p_k,c)
            sum = sum == null ? kl : sum.addi(kl);
        }
        return sum.divi(studentProbabilities.size());
    }

    /** A model whose every parameter is the mean of the snapshots' (they share one architecture). */
    public static Model weightAverage(List<Model> snapshots) {
        Model average = snapshots.get(0).copy();
        INDArray params = average.params();
        for (int k = 1; k < snapshots.size(); k++) params.addi(snapshots.get(k).params());
        params.divi(snapshots.size());
        return average;
    }

    public double temperature() {
        return temperature;
    }

    /** log with probabilities floored at 1e-30: 0 · log 0 counts as 0, as in the entropy. */
    private static INDArray log(INDArray p) {
        return Transforms.log(Transforms.max(p, 1e-30, true), false);
    }
}
