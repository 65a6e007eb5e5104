package org.semisup4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.InterpolationContrast;
import org.semisup4j.loss.Output;
import org.semisup4j.perturb.InterpolationContrastStep;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A projection head added with {@link Model#withProjection}: part of the parameters, the gradient, the optimizer and the file. */
class ProjectionHeadTest {
    private static final double H = 1e-6;
    private static final int F = 5, D = 3;

    private static NetworkModel model(long seed) {
        return Models.mlp(Models.options().seed(seed).dropout(0).batchNorm(false).dataType(DataType.DOUBLE)
                .optimizer(Optimizer.adam(1e-2, 0)), 2, 6, F, 3).withProjection(D, seed);
    }

    @Test
    void theHeadIsTheTailOfTheParametersAndItsGradientMatchesFiniteDifferences() {
        NetworkModel m = model(1);
        NetworkModel plain = Models.mlp(Models.options().seed(1).dropout(0).batchNorm(false).dataType(DataType.DOUBLE), 2, 6, F, 3);
        assertEquals(plain.params().length() + F * D + D, m.params().length(), "weights and bias of the head are parameters");
        assertEquals(D, m.projectionSize());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2).subi(0.5);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 4, 3).subi(0.5), v = Nd4j.rand(DataType.DOUBLE, 4, F).subi(0.5),
                u = Nd4j.rand(DataType.DOUBLE, 4, D).subi(0.5);
        Model.Outputs out = m.forward(x);
        assertEquals(out.features().mmul(head(m, 0, F)).addRowVector(head(m, F, F + 1)), out.projections(),
                "projections = features W + b with W, b the last parameters");
        m.backward(w, v, u, false);
        INDArray dTheta = m.lastParameterGradient();
        INDArray p = m.params();
        for (long i = 0; i < p.length(); i++) {
            double original = p.getDouble(0, i);
            p.putScalar(0, i, original + H);
            double plus = loss(m.predict(x, Model.Mode.TRAIN), w, v, u);
            p.putScalar(0, i, original - H);
            double minus = loss(m.predict(x, Model.Mode.TRAIN), w, v, u);
            p.putScalar(0, i, original);
            double numeric = (plus - minus) / (2 * H);
            assertEquals(numeric, dTheta.getDouble(0, i), 1e-6 * Math.max(1, Math.abs(numeric)), "dL/dθ[" + i + "]");
        }
    }

    @Test
    void theOneCallContrastLeavesItsGradientForTheModelsOptimizerHeadIncluded() {
        NetworkModel m = model(2);
        INDArray u = Nd4j.rand(DataType.DOUBLE, 6, 2).subi(0.5).muli(2);
        InterpolationContrast.Result r = InterpolationContrastStep.of(m, u, 1.0, 0.5, new SplittableRandom(4));

        // The same λ and partners, drawn from the same generator, on the projections of a pass that changes nothing.
        InterpolationContrast.Mixing mix = InterpolationContrast.mix(u, 1.0, new SplittableRandom(4));
        double expected = mix.term(Output.of(m.predict(mix.input(), Model.Mode.TRAIN).projections()),
                Output.of(m.predict(u, Model.Mode.TRAIN).projections()), null, 0.5).loss().value();
        assertEquals(expected, r.loss().value(), 1e-10, "the term is taken on the projection head's outputs");

        // Its parameter gradient against finite differences of that same term, at a few head and backbone entries.
        INDArray dTheta = m.lastParameterGradient(), p = m.params();
        long n = p.length();
        for (long i : new long[] {0, 5, n - F * D - D - 1, n - 1, n - 4, n - F * D - D}) {
            double original = p.getDouble(0, i);
            p.putScalar(0, i, original + H);
            double plus = contrast(m, mix, u);
            p.putScalar(0, i, original - H);
            double minus = contrast(m, mix, u);
            p.putScalar(0, i, original);
            double numeric = (plus - minus) / (2 * H);
            assertEquals(numeric, dTheta.getDouble(0, i), 1e-6 * Math.max(1, Math.abs(numeric)), "dℓ/dθ[" + i + "]");
        }
        INDArray before = m.params().dup();
        m.update(1e-2, 0);
        INDArray moved = m.params().sub(before);
        assertTrue(moved.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(n - F * D - D, n)).amaxNumber().doubleValue() > 1e-4,
                "the model's optimizer moved the projection head");
    }

    @Test
    void aSavedModelReadsBackWithItsHeadAndOptimizerState(@TempDir Path dir) throws Exception {
        NetworkModel m = model(3);
        InterpolationContrastStep.of(m, Nd4j.rand(DataType.DOUBLE, 6, 2), 1.0, 0.5, new SplittableRandom(1));
        m.update(1e-2, 0);
        m.save(dir.resolve("m.bin"));
        NetworkModel back = model(4);
        assertNotEquals(m.params(), back.params());
        back.load(dir.resolve("m.bin"));
        assertEquals(m.params(), back.params());
        // Same Adam moments: one more identical step keeps them equal.
        INDArray u = Nd4j.rand(DataType.DOUBLE, 6, 2);
        for (NetworkModel x : new NetworkModel[] {m, back}) {
            InterpolationContrastStep.of(x, u, 1.0, 0.5, new SplittableRandom(2));
            x.update(1e-2, 1);
        }
        assertEquals(m.params(), back.params());
        NetworkModel without = Models.mlp(Models.options().seed(3).dropout(0).batchNorm(false).dataType(DataType.DOUBLE), 2, 6, F, 3);
        assertThrows(java.io.IOException.class, () -> without.load(dir.resolve("m.bin")), "a model without the head does not fit");
    }

    private static double contrast(Model m, InterpolationContrast.Mixing mix, INDArray u) {
        return mix.term(Output.of(m.predict(mix.input(), Model.Mode.TRAIN).projections()),
                Output.of(m.predict(u, Model.Mode.TRAIN).projections()), null, 0.5).loss().value();
    }

    /** Rows [from, to) of the head's parameters laid out as DL4J's dense layer does (W [F, D] column-major, then b). */
    private static INDArray head(NetworkModel m, int fromRow, int toRow) {
        long start = m.params().length() - F * D - D;
        INDArray tail = m.params().get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(start, m.params().length())).dup();
        INDArray weights = tail.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, F * D)).reshape('f', F, D);
        INDArray bias = tail.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(F * D, F * D + D)).reshape(1, D);
        return fromRow < F ? weights.get(NDArrayIndex.interval(fromRow, toRow), NDArrayIndex.all()) : bias;
    }

    private static double loss(Model.Outputs o, INDArray w, INDArray v, INDArray u) {
        return o.logits().mul(w).sumNumber().doubleValue() + o.features().mul(v).sumNumber().doubleValue()
                + o.projections().mul(u).sumNumber().doubleValue();
    }
}
