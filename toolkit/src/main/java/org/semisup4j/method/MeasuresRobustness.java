package org.semisup4j.method;

import org.semisup4j.data.Dataset;
import org.semisup4j.eval.RobustAccuracy;
import org.semisup4j.model.Model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A method trained for robustness (adversarial training, robust self-training): its runs report robust
 * accuracy under an evaluation attack stronger than the one it trains against (more steps, random restarts).
 */
public interface MeasuresRobustness {
    /** Clean and robust accuracy of {@code model} on {@code test} under this method's evaluation attack. */
    RobustAccuracy robustness(Model model, Dataset test, long seed);

    /** The run record's fields: {@code robust_accuracy} and the attack's settings ({@code attack_epsilon}, …). */
    static Map<String, Object> fields(RobustAccuracy r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("robust_accuracy", r.robust());
        r.settings().forEach((k, v) -> f.put("attack_" + k, v));
        return f;
    }

    /** {@link #fields} of {@code method}'s robustness, or none when it is not a robust method. */
    static Map<String, Object> fieldsOf(Object method, Model model, Dataset test, long seed) {
        return method instanceof MeasuresRobustness m ? fields(m.robustness(model, test, seed)) : Map.of();
    }

    /** Randomness of the evaluation attack: fixed by the run's seed, apart from training's. */
    static SplittableRandom attackRandom(long seed) {
        return new SplittableRandom(seed ^ 0x5DEECE66DL);
    }
}
