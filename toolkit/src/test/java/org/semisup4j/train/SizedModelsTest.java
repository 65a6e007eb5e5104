package org.semisup4j.train;

import org.semisup4j.experiment.Experiment;
import org.junit.jupiter.api.Test;
import org.semisup4j.model.Model;

import static org.junit.jupiter.api.Assertions.*;

/** The model specs mimic learning needs: {@code mlp:H1-H2-…}, {@code shallow:W} and {@code shallow:W/K}. */
class SizedModelsTest {
    private static Model build(String spec) {
        return Experiment.model(RunConfig.of("two-moons").model(spec), new long[] {4}, 3);
    }

    @Test
    void sizesGiveTheLayersAndParameterCountsTheyName() {
        // 4→5→6→3 with biases: 4·5+5 + 5·6+6 + 6·3+3
        assertEquals(4 * 5 + 5 + 5 * 6 + 6 + 6 * 3 + 3, build("mlp:5-6").params().length());
        // one hidden layer of 8: 4·8+8 + 8·3+3
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, build("shallow:8").params().length());
        // linear bottleneck of 2 (no bias), then 8 ReLU units: 4·2 + 2·8+8 + 8·3+3
        Model bottleneck = build("shallow:8/2");
        assertEquals(4 * 2 + 2 * 8 + 8 + 8 * 3 + 3, bottleneck.params().length());
        assertTrue(bottleneck.describe().contains("linear 2"), bottleneck.describe());
        assertEquals(8, bottleneck.featureSize());
    }

    @Test
    void mlpBnIsTheDefaultMlpWithBatchNorm() {
        Model plain = build("mlp"), bn = build("mlp-bn");
        assertTrue(bn.describe().contains(" bn") && !plain.describe().contains(" bn"), bn.describe() + " / " + plain.describe());
        // 4→100→100→3: the hidden dense layers lose their biases and gain BN's γ, β and running mean and variance
        // (DL4J keeps the statistics among the parameters): +3 per hidden unit
        assertEquals(plain.params().length() + 3 * 200, bn.params().length());
        Experiment e = Experiment.prepare(RunConfig.of("fashion-mnist").model("mlp-bn").trainSize(50).testSize(10).labels(10).steps(1));
        assertArrayEquals(new long[] {784}, e.model().inputShape());
        assertTrue(e.model().describe().startsWith("mlp 784-100-100-10") && e.model().describe().contains(" bn"), e.model().describe());
    }

    @Test
    void imagesAreFlattenedForVectorModels() {
        Experiment e = Experiment.prepare(RunConfig.of("fashion-mnist").model("shallow:8").trainSize(50).testSize(10).labels(10).steps(1));
        assertArrayEquals(new long[] {784}, e.model().inputShape());
    }

    @Test
    void aMalformedSpecNamesTheFieldAndTheForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build("shallow:wide"));
        assertTrue(e.getMessage().contains("configuration field 'model': 'shallow:wide'") && e.getMessage().contains("shallow:W/K"),
                e.getMessage());
    }
}
