package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ℓ = (1/N) Σ_i ½‖z_i − t_i‖²: regression of the logits z onto target logits t (Ba &amp; Caruana 2014's mimic
 * loss, on the teacher's logits rather than its probabilities, so that the student also learns how sure the
 * teacher is where softmax would squash it). Targets are constants.
 */
public final class LogitL2 {
    private LogitL2() {}

    public static Loss toTarget(INDArray targetLogits, Output logits) {
        Shapes.requireSame("LogitL2", "targetLogits", targetLogits, logits);
        if (logits.rows() == 0) return Loss.constant(0);
        INDArray diff = logits.value().sub(targetLogits.castTo(logits.value().dataType()));
        INDArray perRow = diff.mul(diff).sum(1).muli(0.5);
        // d/dz ½‖z − t‖² = z − t
        return Loss.of(Rows.weightedMean(perRow, null), logits, Rows.scale(diff, null));
    }
}
