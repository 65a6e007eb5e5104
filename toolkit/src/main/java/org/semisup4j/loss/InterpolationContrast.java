package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;


/**
 * The contrastive term of interpolation-based contrastive learning (ICL, 2022), in the form implemented
 * here (the authors' code is not public):
 *
 * <pre>
 *   x̃_i = λ_i x_i + (1 − λ_i) x_π(i)               (the caller mixes the inputs and runs x̃ through the model)
 *   a_i = h(x̃_i) W                                  anchor: the interpolated input's embedding
 *   p_i = (λ_i h(x_i) + (1 − λ_i) h(x_π(i))) W      positive: the same interpolation of the embeddings
 *   ℓ   = InfoNCE(a, p; τ)                           cosine similarity, the other rows' positives as negatives
 * </pre>
 *
 * h are the model's penultimate features and W [F, D] a linear projection head (or none: W = I). Because
 * W is linear, projecting the interpolated features equals interpolating the projections, so the positive
 * is exactly "the same interpolation of the embeddings". Gradient flows into both feature blocks (anchors
 * and positives) and into W; the caller applies W's gradient itself (the model has no slot for extra heads).
 */
public final class InterpolationContrast {
    private InterpolationContrast() {}

    /**
     * @param loss               the term, with gradients w.r.t. both feature outputs
     * @param projectionGradient dℓ/dW [F, D] (null without a projection)
     * @param anchors            the projected anchors a (for plots)
     * @param positives          the projected positives p
     */
    public record Result(Loss loss, INDArray projectionGradient, INDArray anchors, INDArray positives) {}

    /**
     * The interpolation of one call: x̃ = λ x + (1 − λ) x_π with λ ~ Beta(α, α) drawn per row and π a random
     * permutation of the rows, both from {@code random}. Put {@link Mixing#input()} into the step's training
     * pass beside x, then {@link Mixing#term} gives the contrastive term from the two feature outputs:
     * <pre>
     *   InterpolationContrast.Mixing m = InterpolationContrast.mix(u, 1.0, step.random());
     *   Pass pass = step.forward(u, m.input());
     *   Loss contrast = m.term(pass.features(1), pass.features(0), null, 0.5).loss();
     * </pre>
     */
    public static Mixing mix(INDArray x, double alpha, java.util.random.RandomGenerator random) {
        if (x.size(0) < 2) throw new IllegalArgumentException("interpolation contrast needs at least 2 rows to mix, got " + x.size(0));
        org.semisup4j.augment.MixUp.Result r = new org.semisup4j.augment.MixUp(alpha).perExample(true).mix(x, null, random);
        return new Mixing(r.x(), r.lambdas(), r.permutation());
    }

    /** The mixed input x̃ with its λ per row and partner π(i) per row. */
    public record Mixing(INDArray input, float[] lambdas, int[] partners) {
        /** The term for the features of x̃ and of x (in the rows' order), W [F, D] or null, temperature τ. */
        public Result term(Output mixedFeatures, Output features, INDArray projection, double temperature) {
            return of(mixedFeatures, features, lambdas, partners, projection, temperature);
        }
    }

    /**
     * @param mixedFeatures h(x̃) [N, F] of the interpolated inputs
     * @param features      h(x) [N, F] of the inputs that were mixed
     * @param lambdas       λ_i per row
     * @param partners      π(i) per row
     * @param projection    W [F, D], or null for no projection
     * @param temperature   τ of the InfoNCE
     */
    public static Result of(Output mixedFeatures, Output features, float[] lambdas, int[] partners, INDArray projection,
                            double temperature) {
        Shapes.requireSame("InterpolationContrast", "features of the mixed inputs", mixedFeatures.value(), features);
        int n = (int) features.rows();
        if (lambdas.length != n || partners.length != n)
            throw new IllegalArgumentException("InterpolationContrast: " + lambdas.length + " λ and " + partners.length
                    + " partners for " + n + " rows");
        if (projection != null && projection.size(0) != features.columns())
            throw new IllegalArgumentException("InterpolationContrast: projection has " + projection.size(0)
                    + " rows but the features have " + features.columns() + " columns");
        INDArray h = features.value();
        INDArray lambda = column(lambdas, h), rest = lambda.rsub(1.0);
        INDArray hPartner = h.getRows(partners);
        INDArray mixedTarget = h.mulColumnVector(lambda).addi(hPartner.mulColumnVector(rest));
        INDArray w = projection == null ? null : projection.castTo(h.dataType());
        Output anchors = Output.of(w == null ? mixedFeatures.value().dup() : mixedFeatures.value().mmul(w));
        Output positives = Output.of(w == null ? mixedTarget : mixedTarget.mmul(w));
        Loss nce = InfoNce.of(anchors, positives, temperature);
        INDArray dA = nce.gradient(anchors), dP = nce.gradient(positives);
        INDArray dMixed = w == null ? dA : dA.mmul(w.transpose());
        INDArray dTarget = w == null ? dP : dP.mmul(w.transpose());
        // m_i = λ_i h_i + (1 − λ_i) h_π(i): row i gets λ_i dm_i, row π(i) gets (1 − λ_i) dm_i
        INDArray dH = dTarget.mulColumnVector(lambda);
        INDArray toPartners = dTarget.mulColumnVector(rest);
        for (int i = 0; i < n; i++) dH.getRow(partners[i]).addi(toPartners.getRow(i));
        INDArray dW = w == null ? null
                : mixedFeatures.value().transpose().mmul(dA).addi(mixedTarget.transpose().mmul(dP));
        Loss loss = Loss.of(nce.value(), mixedFeatures, dMixed).plus(Loss.of(0.0, features, dH));
        return new Result(loss, dW, anchors.value(), positives.value());
    }

    private static INDArray column(float[] values, INDArray like) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return org.nd4j.linalg.factory.Nd4j.createFromArray(d).reshape(values.length, 1).castTo(like.dataType());
    }
}
