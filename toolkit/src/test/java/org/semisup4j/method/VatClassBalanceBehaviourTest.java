package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.semisup4j.eval.ClassMetrics;
import org.semisup4j.eval.Evaluation;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why VAT falls below the supervised baseline on Fashion-MNIST in {@code bench defaults --quick} (−2.5 ± 0.5
 * points): it empties a class, and the class-balance term ({@code --param balance=1}) stops it. The bench's
 * Fashion-MNIST case (MLP, 4 000 training images, 100 labels, 300 steps), seed 0, test set.
 *
 * <p>Measured: supervised 0.731, no class recalled below 0.33; VAT 0.708 with Sandal recalled at 0.00 (every
 * sandal called a sneaker or an ankle boot); VAT with balance 1: 0.772, Sandal 0.68, no class below 0.27. The
 * balance weight was chosen on the validation part (tuning seeds 100–101, 0 / 0.3 / 1 / 3: 0.665 / 0.702 / 0.718 / 0.701 vs
 * supervised 0.701), and on seeds 0–2 it gives +2.2 ± 1.6 points over supervised (BENCHMARKS.md).
 */
class VatClassBalanceBehaviourTest {
    private static final RunConfig FASHION = RunConfig.of("fashion-mnist").model("mlp").labels(100).trainSize(4000).testSize(1000)
            .steps(300).evalEvery(0).seed(0).method("vat");

    private static Evaluation run(RunConfig c) {
        return Experiment.run(c).evaluations().get("student");
    }

    private static ClassMetrics leastRecalled(Evaluation e) {
        return e.perClass().stream().min(java.util.Comparator.comparingDouble(ClassMetrics::recall)).orElseThrow();
    }

    @Test
    void vatEmptiesAClassOnFashionMnistAndTheBalanceTermKeepsEveryClass() {
        Evaluation plain = run(FASHION), balanced = run(FASHION.param("balance", 1.0));
        ClassMetrics lost = leastRecalled(plain), weakest = leastRecalled(balanced);
        assertTrue(lost.recall() < 0.05, "VAT's defaults should empty a class here (measured: Sandal 0.00); least recalled: "
                + lost.name() + " " + lost.recall());
        assertTrue(weakest.recall() > 0.2, "with balance 1 every class should keep a recall above 0.2 (measured: Shirt 0.27 the "
                + "lowest); least recalled: " + weakest.name() + " " + weakest.recall());
        assertTrue(balanced.accuracy() > plain.accuracy() + 0.03, String.format(
                "the balance term should be worth more than 3 points here (measured 0.772 vs 0.708): %.3f vs %.3f",
                balanced.accuracy(), plain.accuracy()));
    }
}
