package org.semisup4j.method;

import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Terms;
import org.semisup4j.train.Method;
import org.semisup4j.train.Pass;
import org.semisup4j.train.Step;

/**
 * The baseline every comparison needs: cross-entropy on weakly augmented labeled examples only, with the
 * same model, budget and augmentation as the semi-supervised methods (Oliver et al. 2018).
 */
public final class Supervised implements Method {
    @Override
    public String name() {
        return "supervised";
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        Pass pass = step.forward(step.weak(batch.labeledX()));
        return Terms.of("supervised", CrossEntropy.of(pass.logits(0), batch.labeledY()));
    }

    @Override
    public boolean usesUnlabeled() {
        return false;
    }
}
