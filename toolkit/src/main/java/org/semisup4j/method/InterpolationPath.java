package org.semisup4j.method;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.model.Model;

/**
 * What ICL's contrastive term asks of a model, measured along one segment: walk x(λ) = λ a + (1 − λ) b and
 * compare the embedding of the walked input, h(x(λ)), with the same walk between the end embeddings,
 * λ h(a) + (1 − λ) h(b). A model whose embeddings "move linearly between samples" has cosine 1 all along.
 *
 * @param lambdas      λ at each point, from 1 (at a) down to 0 (at b)
 * @param embedded     h(x(λ)) [P, F], evaluation-mode penultimate features
 * @param interpolated λ h(a) + (1 − λ) h(b) [P, F]
 */
public record InterpolationPath(double[] lambdas, INDArray embedded, INDArray interpolated) {

    /** The path from row {@code a} to row {@code b} (each [1, D] or [D]) at {@code points} ≥ 2 evenly spaced λ. */
    public static InterpolationPath between(Model model, INDArray a, INDArray b, int points) {
        if (points < 2) throw new IllegalArgumentException("an interpolation path needs at least 2 points, got " + points);
        INDArray from = a.reshape(1, a.length()).castTo(DataType.FLOAT), to = b.reshape(1, b.length()).castTo(DataType.FLOAT);
        double[] lambdas = new double[points];
        INDArray inputs = Nd4j.create(DataType.FLOAT, points, from.length());
        for (int i = 0; i < points; i++) {
            lambdas[i] = 1.0 - (double) i / (points - 1);
            inputs.putRow(i, from.mul(lambdas[i]).addi(to.mul(1 - lambdas[i])));
        }
        INDArray embedded = model.predict(inputs, Model.Mode.EVAL).features();
        INDArray ends = model.predict(Nd4j.vstack(from, to), Model.Mode.EVAL).features();
        INDArray interpolated = Nd4j.create(embedded.dataType(), points, embedded.size(1));
        for (int i = 0; i < points; i++)
            interpolated.putRow(i, ends.getRow(0).mul(lambdas[i]).addi(ends.getRow(1).mul(1 - lambdas[i])));
        return new InterpolationPath(lambdas, embedded, interpolated);
    }

    /** cos(h(x(λ)), λ h(a) + (1 − λ) h(b)) at each point; 1 at both ends by construction. */
    public double[] cosine() {
        double[] c = new double[lambdas.length];
        for (int i = 0; i < c.length; i++) {
            INDArray u = embedded.getRow(i), v = interpolated.getRow(i);
            double norms = u.norm2Number().doubleValue() * v.norm2Number().doubleValue();
            c[i] = norms == 0 ? 1 : u.mul(v).sumNumber().doubleValue() / norms;
        }
        return c;
    }

    /**
     * Where along the straight walk each embedding lands: for point i, the λ of the straight-line point
     * λⱼ h(a) + (1 − λⱼ) h(b) with the highest cosine to h(x(λᵢ)). The question ICL's InfoNCE asks (its
     * positive against other targets), asked along one path; a linear embedding lands on the diagonal.
     */
    public double[] landing() {
        double[] out = new double[lambdas.length];
        INDArray u = embedded.div(embedded.norm2(1).reshape(lambdas.length, 1).addi(1e-12));
        INDArray v = interpolated.div(interpolated.norm2(1).reshape(lambdas.length, 1).addi(1e-12));
        INDArray cos = u.mmul(v.transpose());
        for (int i = 0; i < out.length; i++) out[i] = lambdas[cos.getRow(i).argMax().getInt(0)];
        return out;
    }

    /** Mean |λ − landing λ| over the path: 0 for an embedding that moves linearly between a and b. */
    public double landingError() {
        double[] landed = landing();
        double sum = 0;
        for (int i = 0; i < landed.length; i++) sum += Math.abs(landed[i] - lambdas[i]);
        return sum / landed.length;
    }

    /** The smallest {@link #cosine()} along the path: how far the embedding strays from the straight walk. */
    public double worstCosine() {
        double worst = 1;
        for (double c : cosine()) worst = Math.min(worst, c);
        return worst;
    }
}
