package org.semisup4j.perturb;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.model.Model;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * logits = x Wᵀ (no bias): the model whose VAT curvature is known in closed form,
 * H = Wᵀ (diag(p) − p pᵀ) W. Only the passes VAT needs are implemented.
 */
final class LinearSoftmaxModel implements Model {
    private final INDArray w; // [C, D]

    LinearSoftmaxModel(INDArray w) {
        this.w = w;
    }

    @Override
    public Outputs predict(INDArray x, Mode mode) {
        return new Outputs(x.castTo(w.dataType()).mmul(w.transpose()), x);
    }

    @Override
    public INDArray inputGradient(INDArray x, Function<Outputs, INDArray> dLossDLogits, Mode mode) {
        return dLossDLogits.apply(predict(x, mode)).mmul(w);
    }

    @Override public Outputs forward(INDArray x) { return predict(x, Mode.TRAIN); }
    @Override public INDArray backward(INDArray dLogits, INDArray dFeatures, boolean wantInputGradient) { throw new UnsupportedOperationException(); }
    @Override public void update(double learningRate, int iteration) { throw new UnsupportedOperationException(); }
    @Override public INDArray params() { return w; }
    @Override public int numClasses() { return (int) w.size(0); }
    @Override public int featureSize() { return (int) w.size(1); }
    @Override public long[] inputShape() { return new long[] {w.size(1)}; }
    @Override public Model copy() { return new LinearSoftmaxModel(w.dup()); }
    @Override public void save(Path file) { throw new UnsupportedOperationException(); }
    @Override public void load(Path file) { throw new UnsupportedOperationException(); }
    @Override public String describe() { return "linear softmax " + w.size(1) + " -> " + w.size(0); }
}
