package org.semisup4j.perturb;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.InterpolationContrast;
import org.semisup4j.loss.Output;
import org.semisup4j.model.Model;

import java.util.random.RandomGenerator;

/**
 * Interpolation contrast (ICL) for a model and a batch in one call: λ ~ Beta(α, α) per row and the partner
 * permutation are drawn inside, x and x̃ = λ x + (1 − λ) x_π go through the model's training pass
 * ({@link Model#forward}) together, and the term is backpropagated ({@link Model#backward}), so that the
 * next {@link Model#update} applies its gradient — to the backbone and, when the model has one
 * ({@link Model#withProjection}), to the projection head, whose outputs are then the embedding (the features
 * otherwise). For a notebook cell or a training loop of one's own:
 * <pre>
 *   Model model = NetworkModel.of(net).withProjection(32, seed);
 *   InterpolationContrast.Result r = InterpolationContrastStep.of(model, u, 1.0, 0.5, random);
 *   model.update(1e-3, step);
 * </pre>
 * Inside a {@link org.semisup4j.train.Method}, whose step has one pass for all its views, use
 * {@link InterpolationContrast#mix} and {@link InterpolationContrast.Mixing#term} (as {@code Icl} does).
 */
public final class InterpolationContrastStep {
    private InterpolationContrastStep() {}

    /** The term on {@code x} (at least 2 rows), its gradient left in the model for {@link Model#update}. */
    public static InterpolationContrast.Result of(Model model, INDArray x, double alpha, double temperature,
                                                  RandomGenerator random) {
        InterpolationContrast.Mixing mixing = InterpolationContrast.mix(x, alpha, random);
        long n = x.size(0);
        Model.Outputs out = model.forward(Nd4j.concat(0, x, mixing.input()));
        boolean projected = model.projectionSize() > 0;
        INDArray embedding = projected ? out.projections() : out.features();
        INDArray gradient = Nd4j.zeros(embedding.dataType(), embedding.shape());
        var clean = NDArrayIndex.interval(0, n);
        var mixed = NDArrayIndex.interval(n, 2 * n);
        InterpolationContrast.Result r = mixing.term(
                new Output(embedding.get(mixed, NDArrayIndex.all()), gradient.get(mixed, NDArrayIndex.all())),
                new Output(embedding.get(clean, NDArrayIndex.all()), gradient.get(clean, NDArrayIndex.all())),
                null, temperature);
        r.loss().backward(1.0);
        INDArray dLogits = Nd4j.zeros(out.logits().dataType(), out.logits().shape());
        model.backward(dLogits, projected ? null : gradient, projected ? gradient : null, false);
        return r;
    }
}
