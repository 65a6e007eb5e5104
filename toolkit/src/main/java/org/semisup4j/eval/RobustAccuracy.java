package org.semisup4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.perturb.Pgd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Accuracy under attack: an example counts as robust when the model classifies it correctly as it is and after
 * each of {@code restarts} PGD attacks (each from its own random start in the ball) — the clean input is in
 * the ball too, so robust accuracy never exceeds clean accuracy. An attack finds an upper bound on the
 * true robust accuracy; more steps and restarts tighten it, hence an evaluation attack stronger than training's.
 *
 * @param clean    accuracy on the unperturbed inputs
 * @param robust   accuracy under the attack
 * @param settings the attack (norm, ε, steps, step size, restarts), for the run record
 */
public record RobustAccuracy(double clean, double robust, Map<String, Object> settings) {
    private static final int CHUNK = 512;

    public static RobustAccuracy of(Model model, INDArray x, int[] labels, Pgd attack, int restarts, RandomGenerator random) {
        if (labels.length != x.size(0))
            throw new IllegalArgumentException("robust accuracy: " + labels.length + " labels for " + x.size(0) + " inputs");
        if (restarts < 1) throw new IllegalArgumentException("robust accuracy needs at least one attack restart, got " + restarts);
        if (labels.length == 0) throw new IllegalArgumentException("robust accuracy: no test examples");
        int clean = 0, robust = 0;
        for (int from = 0; from < labels.length; from += CHUNK) {
            int to = Math.min(labels.length, from + CHUNK);
            INDArray xs = x.get(NDArrayIndex.interval(from, to)).dup();
            int[] ys = java.util.Arrays.copyOfRange(labels, from, to);
            boolean[] correct = correct(model, xs, ys);
            for (boolean c : correct) if (c) clean++;
            for (int r = 0; r < restarts; r++) {
                boolean[] underAttack = correct(model, attack.attack(model, xs, ys, random), ys);
                for (int i = 0; i < ys.length; i++) correct[i] &= underAttack[i];
            }
            for (boolean c : correct) if (c) robust++;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("norm", attack.norm() == Pgd.Norm.LINF ? "linf" : "l2");
        s.put("epsilon", attack.epsilon());
        s.put("steps", attack.steps());
        s.put("step_size", attack.stepSize());
        s.put("restarts", restarts);
        return new RobustAccuracy((double) clean / labels.length, (double) robust / labels.length, java.util.Collections.unmodifiableMap(s));
    }

    private static boolean[] correct(Model model, INDArray x, int[] labels) {
        int[] predicted = Probabilities.argmax(model.predict(x, Model.Mode.EVAL).logits());
        boolean[] ok = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) ok[i] = predicted[i] == labels[i];
        return ok;
    }
}
