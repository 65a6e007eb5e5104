package org.semisup4j.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.method.Vat;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.perturb.VirtualAdversarial;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The wiring inside a method's loss, checked on one step outside any trainer ({@link Step#of}): which view
 * each term reads, the direction of a KL, and where the gradient goes.
 */
class MethodWiringTest {
    private static final int N = 4, C = 3;

    private static double term(Terms t, String name) {
        return t.terms().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().loss().value();
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    @Test
    void vatLdsIsKlFromTheCleanTargetToThePerturbedViewWithNoGradientIntoTheCleanViewAndEntropyReadsTheCleanView() {
        Model model = Models.mlp(Models.options().seed(1).dropout(0).batchNorm(false).dataType(DataType.DOUBLE), 2, 8, C);
        INDArray xl = Nd4j.create(new double[][]{{1, 0}, {0, 1}});
        INDArray u = Nd4j.create(new double[][]{{0.5, 0.2}, {-0.3, 0.8}, {1.2, -0.4}, {0, 0}});
        Batch batch = new Batch(0, 0, C, xl, new int[]{0, 1}, new int[]{0, 1}, u, new int[]{2, 3, 4, 5}, new int[]{0, 1, 2, 0});
        Vat vat = new Vat(new VirtualAdversarial(1e-6, 0.8, 1, Model.Mode.EVAL), 1.0, 1.0);
        Step step = Step.of(batch, model, null, null, new SplittableRandom(3));
        Terms terms = vat.loss(step);
        VirtualAdversarial.Result r = vat.lastPerturbation();

        INDArray q = Probabilities.softmax(model.predict(u, Model.Mode.EVAL).logits());
        assertTrue(q.equalsWithEps(r.cleanProbabilities(), 1e-12), "the target is the clean prediction");
        INDArray zAdv = model.predict(u.add(r.perturbation()), Model.Mode.EVAL).logits();
        INDArray p = Probabilities.softmax(zAdv);
        double forward = q.mul(Transforms.log(q).sub(Probabilities.logSoftmax(zAdv))).sum(1).meanNumber().doubleValue();
        double reverse = p.mul(Transforms.log(p).sub(Transforms.log(q))).sum(1).meanNumber().doubleValue();
        assertEquals(forward, term(terms, "lds"), 1e-9, "LDS = KL(clean ‖ perturbed)");
        assertNotEquals(reverse, term(terms, "lds"), 1e-6, "not KL(perturbed ‖ clean)");

        double cleanEntropy = q.mul(Transforms.log(q)).sum(1).meanNumber().doubleValue() * -1;
        double perturbedEntropy = p.mul(Transforms.log(p)).sum(1).meanNumber().doubleValue() * -1;
        assertEquals(cleanEntropy, term(terms, "entropy"), 1e-9, "entropy of the clean view");
        assertNotEquals(perturbedEntropy, term(terms, "entropy"), 1e-6);

        // Gradient of the LDS alone: (softmax(z_adv) − q) / N on the perturbed rows, nothing on the labeled or
        // clean rows (the target is a stop-gradient constant). Pass rows: labeled 0..1, perturbed 2..5, clean 6..9.
        terms.terms().stream().filter(t -> t.name().equals("lds")).findFirst().orElseThrow().loss().backward(1.0);
        INDArray g = step.pass().logitGradient();
        assertTrue(rows(g, 2, 2 + N).equalsWithEps(p.sub(q).div(N), 1e-9), "gradient to the perturbed view");
        assertEquals(0, rows(g, 0, 2).amaxNumber().doubleValue(), 0, "no gradient to the labeled view");
        assertEquals(0, rows(g, 2 + N, 2 + 2 * N).amaxNumber().doubleValue(), 0, "no gradient into the clean view");
    }
    @Test
    void iclContrastsTheMixedViewsFeaturesWithTheSameMixOfTheWeakViewsFeatures() {
        Model model = Models.mlp(Models.options().seed(2).dropout(0).batchNorm(false).dataType(DataType.DOUBLE), 2, 8, C);
        INDArray xl = Nd4j.create(new double[][]{{1, 0}, {0, 1}});
        INDArray u = Nd4j.create(new double[][]{{0.5, 0.2}, {-0.3, 0.8}, {1.2, -0.4}, {0.1, -0.9}});
        Batch batch = new Batch(0, 0, C, xl, new int[]{0, 1}, new int[]{0, 1}, u, new int[]{2, 3, 4, 5}, new int[]{0, 1, 2, 0});
        org.semisup4j.method.Icl icl = (org.semisup4j.method.Icl) org.semisup4j.method.Methods.create(
                RunConfig.of("two-moons").method("icl").param("temperature", 0.5).param("alpha", 1.0));
        Terms terms = icl.loss(Step.of(batch, model, null, null, new SplittableRandom(9)));

        // The same mixing, drawn from the same generator (identity augmentations draw nothing before it).
        var mix = new org.semisup4j.augment.MixUp(1.0).perExample(true).mix(u, null, new SplittableRandom(9));
        INDArray hMixed = model.predict(mix.x(), Model.Mode.EVAL).features(), h = model.predict(u, Model.Mode.EVAL).features();
        double expected = org.semisup4j.loss.InterpolationContrast.of(org.semisup4j.loss.Output.of(hMixed),
                org.semisup4j.loss.Output.of(h), mix.lambdas(), mix.permutation(), null, 0.5).loss().value();
        assertEquals(expected, term(terms, "contrastive"), 1e-9, "anchor: h(mixed input); positive: the mix of h(weak input)");
        double swapped = org.semisup4j.loss.InterpolationContrast.of(org.semisup4j.loss.Output.of(h),
                org.semisup4j.loss.Output.of(hMixed), mix.lambdas(), mix.permutation(), null, 0.5).loss().value();
        assertNotEquals(swapped, term(terms, "contrastive"), 1e-6, "anchor and positive are not interchangeable");
        assertTrue(terms.terms().stream().anyMatch(t -> t.name().equals("supervised")), "FixMatch's terms are there too");
    }
}
