package org.semisup4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.Output;
import org.semisup4j.model.Model;

/**
 * The step's one differentiable pass: every view is concatenated into a single batch and run through the
 * model together (as the reference implementations do, so batch normalisation sees all of them), then
 * split back into one {@link Output} per view for the loss terms.
 */
public final class Pass {
    private final INDArray logits, features, projections, logitGradient, featureGradient, projectionGradient;
    private final long[] offsets;

    Pass(Model model, INDArray... views) {
        if (views.length == 0) throw new IllegalArgumentException("a pass needs at least one view");
        offsets = new long[views.length + 1];
        for (int i = 0; i < views.length; i++) offsets[i + 1] = offsets[i] + views[i].size(0);
        INDArray x = views.length == 1 ? views[0] : Nd4j.concat(0, views);
        Model.Outputs out = model.forward(x);
        logits = out.logits();
        features = out.features();
        projections = out.projections();
        logitGradient = Nd4j.zeros(logits.dataType(), logits.shape());
        featureGradient = features == null ? null : Nd4j.zeros(features.dataType(), features.shape());
        projectionGradient = projections == null ? null : Nd4j.zeros(projections.dataType(), projections.shape());
    }

    public int views() {
        return offsets.length - 1;
    }

    /** The logits of view {@code v} (in the order the views were given). */
    public Output logits(int v) {
        return slice(logits, logitGradient, v);
    }

    /** The penultimate features of view {@code v}. */
    public Output features(int v) {
        if (features == null) throw new IllegalStateException("this model does not expose its features");
        return slice(features, featureGradient, v);
    }

    /** The projection head's outputs for view {@code v} (a model built with {@link Model#withProjection}). */
    public Output projections(int v) {
        if (projections == null) throw new IllegalStateException("this model has no projection head (see Model.withProjection)");
        return slice(projections, projectionGradient, v);
    }

    private Output slice(INDArray value, INDArray gradient, int v) {
        if (v < 0 || v >= views()) throw new IndexOutOfBoundsException("view " + v + " of " + views());
        var rows = NDArrayIndex.interval(offsets[v], offsets[v + 1]);
        return new Output(value.get(rows, NDArrayIndex.all()), gradient.get(rows, NDArrayIndex.all()));
    }

    INDArray logitGradient() {
        return logitGradient;
    }

    /** null when the model has no projection head or no term touched its outputs. */
    INDArray projectionGradient() {
        return projectionGradient == null || projectionGradient.amaxNumber().doubleValue() == 0 ? null : projectionGradient;
    }

    /** null when no term touched the features (saves the backbone an addition). */
    INDArray featureGradient() {
        return featureGradient == null || featureGradient.amaxNumber().doubleValue() == 0 ? null : featureGradient;
    }
}
