package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Dataset;
import org.semisup4j.eval.RobustAccuracy;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.loss.TradesKl;
import org.semisup4j.model.Model;
import org.semisup4j.perturb.Pgd;
import org.semisup4j.train.Method;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adversarial training on the labels, against an L∞ PGD attack of radius ε, with one of two losses:
 * <pre>
 *   trades (Zhang et al. 2019):  L = CE(f(x), y) + β · KL(f(x) ‖ f(x̃)),  x̃ = PGD maximising KL(sg f(x) ‖ f(x̃))
 *   madry  (Madry et al. 2018):  L = CE(f(x̃), y),                        x̃ = PGD maximising CE(f(x̃), y)
 * </pre>
 * TRADES with β = 6 is the default, as in Carmon et al. 2019, whose robust self-training
 * ({@link RobustSelfTraining}) is this method on labeled + pseudo-labeled rows. The attack runs {@code attack_steps}
 * steps of size {@code step_size} (default 2.5ε/steps, Madry et al.'s rule) from a random start in the ball.
 *
 * <p>Runs report robust accuracy ({@link MeasuresRobustness}) under a stronger PGD: {@code eval_steps} steps
 * (default max(20, 2 × attack_steps)) of size 2.5ε/eval_steps, cross-entropy loss, {@code eval_restarts} random
 * restarts (default 5). Inputs are attacked as they are (no augmentation, no clamp to a data range: the
 * vector data here is not bounded pixels).
 */
public final class AdversarialTraining implements Method, MeasuresRobustness {
    private final Pgd attack, evaluation;
    private final String loss;
    private final double beta;
    private final int evalRestarts;

    public AdversarialTraining(double epsilon, int attackSteps, double stepSize, String loss, double beta, int evalSteps, int evalRestarts) {
        if (!loss.equals("trades") && !loss.equals("madry"))
            throw new IllegalArgumentException("method parameter 'loss' must be trades or madry, got '" + loss + "'");
        if (!(epsilon > 0)) throw new IllegalArgumentException("method parameter 'epsilon' must be > 0, got " + epsilon);
        if (attackSteps < 1) throw new IllegalArgumentException("method parameter 'attack_steps' must be at least 1, got " + attackSteps);
        if (!(stepSize > 0)) throw new IllegalArgumentException("method parameter 'step_size' must be > 0, got " + stepSize);
        if (!(beta >= 0)) throw new IllegalArgumentException("method parameter 'beta' must be >= 0, got " + beta);
        if (evalSteps < attackSteps)
            throw new IllegalArgumentException("method parameter 'eval_steps' (" + evalSteps + ") must be at least attack_steps ("
                    + attackSteps + "): robust accuracy is measured under an attack at least as strong as training's");
        if (evalRestarts < 1) throw new IllegalArgumentException("method parameter 'eval_restarts' must be at least 1, got " + evalRestarts);
        this.attack = new Pgd(Pgd.Norm.LINF, epsilon, stepSize, attackSteps, true);
        this.evaluation = new Pgd(Pgd.Norm.LINF, epsilon, 2.5 * epsilon / evalSteps, evalSteps, true);
        this.loss = loss;
        this.beta = beta;
        this.evalRestarts = evalRestarts;
    }

    public static AdversarialTraining from(RunConfig c) {
        double epsilon = c.paramOr("epsilon", 0.1);
        int steps = c.wholeParamOr("attack_steps", 10);
        String loss = c.paramOr("loss", "trades");
        double beta = loss.equals("trades") ? c.paramOr("beta", 6.0) : 0; // madry has no β: setting one is an error
        return new AdversarialTraining(epsilon, steps, c.paramOr("step_size", 2.5 * epsilon / steps), loss, beta,
                c.wholeParamOr("eval_steps", Math.max(20, 2 * steps)), c.wholeParamOr("eval_restarts", 5));
    }

    @Override
    public String name() {
        return "adversarial-training";
    }

    @Override
    public Terms loss(Step step) {
        return terms(step, step.batch().labeledX(), step.batch().labeledY());
    }

    /** The adversarial loss on rows {@code x} with (true or pseudo) labels {@code y}: the step's one pass. */
    Terms terms(Step step, INDArray x, int[] y) {
        if (loss.equals("madry")) {
            Pass pass = step.forward(attack.attack(step.model(), x, y, step.random()));
            return Terms.of("adversarial", CrossEntropy.of(pass.logits(0), y));
        }
        INDArray clean = Probabilities.softmax(step.model().predict(x, Model.Mode.EVAL).logits());
        Pass pass = step.forward(x, attack.attack(step.model(), x, clean, step.random()));
        return Terms.of("natural", CrossEntropy.of(pass.logits(0), y))
                .and("robust", beta, TradesKl.of(pass.logits(0), pass.logits(1)));
    }

    @Override
    public boolean usesUnlabeled() {
        return false;
    }

    /** The attack training uses. */
    public Pgd attack() {
        return attack;
    }

    @Override
    public RobustAccuracy robustness(Model model, Dataset test, long seed) {
        return RobustAccuracy.of(model, test.features(), test.labels(), evaluation, evalRestarts, MeasuresRobustness.attackRandom(seed));
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("epsilon", attack.epsilon());
        h.put("attack_steps", attack.steps());
        h.put("step_size", attack.stepSize());
        h.put("loss", loss);
        if (loss.equals("trades")) h.put("beta", beta);
        h.put("eval_steps", evaluation.steps());
        h.put("eval_restarts", evalRestarts);
        return h;
    }
}
