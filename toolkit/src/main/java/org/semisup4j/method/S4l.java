package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.augment.Rotations;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.BatchHardTriplet;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Entropy;
import org.semisup4j.loss.Kl;
import org.semisup4j.loss.LinearHeadCrossEntropy;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.LinearHead;
import org.semisup4j.model.Model;
import org.semisup4j.perturb.VirtualAdversarial;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * S4L: Self-Supervised Semi-Supervised Learning (Zhai et al. 2019, arXiv:1905.03670) — a self-supervised
 * pretext loss on every image of the batch, labeled or not, added to the supervised loss:
 * <pre>
 *   s4l-rotation:  L = CE(f(x_l), y_l) + w · (1/4N) Σ_{x ∈ x_l ∪ u} Σ_{k=0..3} CE(r(h(rot_k x)), k)
 *   s4l-exemplar:  L = CE(f(x_l), y_l) + w · BatchHardTriplet(h(aug_1 x), …, h(aug_c x); margin m)
 * </pre>
 * h are the model's penultimate features (the shared backbone), f its classifier, r a 4-way linear rotation
 * head ({@link LinearHead}: on the same features, updated with the model's optimizer kind and saved in each
 * checkpoint); rot_k turns an image by k·90° ({@link Rotations}); the copies aug_i are the run's strong
 * augmentation ({@link BatchHardTriplet}). Every image is first weakly augmented, as the labeled view is.
 *
 * <p>S4L combined with a semi-supervised method, as the paper's S4L + VAT + EntMin ("MOAM") does: the
 * parameter {@code base} adds that method's unlabeled terms to the same single pass —
 * {@code supervised} (default; the paper's S4L-Rotation / S4L-Exemplar), {@code vat-entmin} (VAT's LDS and
 * entropy minimisation, parameters as {@code vat-entmin}: epsilon, xi, power_iterations, alpha, entmin; unlike
 * {@code vat}, the LDS target sg p(·|u) is the clean view of the step's pass, which shares the pretext views'
 * batch-norm statistics with the perturbed view) or
 * {@code pseudo-label} (threshold, lambda_u, ramp as {@code pseudo-label}).
 *
 * <p>Parameters: {@code weight} w of the pretext term (1); {@code rotations} — 4 (as the paper: all four
 * rotations of every image) or 1 (one random rotation per image, a quarter of the cost); for exemplar
 * {@code copies} c of each image (4; each costs a pass over the batch) and the triplet
 * {@code margin} m (0.5). Images only: on vector data the method is a clear error ({@code --image-shape} makes a CSV
 * of pixels images).
 */
public final class S4l implements Method, NeedsImages {
    /** The self-supervised task. */
    public enum Pretext { ROTATION, EXEMPLAR }

    /** The semi-supervised method the pretext term is added to. */
    public enum Base { SUPERVISED, VAT_ENTMIN, PSEUDO_LABEL }

    private static final String HEAD_FILE = "rotation-head.bin";
    private final Pretext pretext;
    private final Base base;
    private final Method baseMethod;        // the base's parameters and hyperparameters (its loss is not called)
    private final double weight, margin;
    private final int rotations, copies;
    private final long seed;
    private LinearHead head;
    private LinearHeadCrossEntropy.Result lastRotation;

    public S4l(Pretext pretext, Base base, Method baseMethod, double weight, int rotations, int copies, double margin, long seed) {
        if (!(weight >= 0)) throw new IllegalArgumentException("s4l: weight must be >= 0, got " + weight);
        if (rotations != 1 && rotations != 4)
            throw new IllegalArgumentException("s4l: rotations must be 4 (all four per image) or 1 (one random), got " + rotations);
        if (copies < 2) throw new IllegalArgumentException("s4l: copies must be >= 2 (a triplet needs two copies of an image), got " + copies);
        this.pretext = pretext;
        this.base = base;
        this.baseMethod = baseMethod;
        this.weight = weight;
        this.rotations = rotations;
        this.copies = copies;
        this.margin = margin;
        this.seed = seed;
    }

    public static S4l from(RunConfig c, Pretext pretext) {
        String baseName = c.paramOr("base", "supervised");
        Base base = switch (baseName) {
            case "supervised" -> Base.SUPERVISED;
            case "vat-entmin" -> Base.VAT_ENTMIN;
            case "pseudo-label" -> Base.PSEUDO_LABEL;
            default -> throw new IllegalArgumentException("s4l: parameter 'base' must be supervised, vat-entmin or pseudo-label, got '"
                    + baseName + "'");
        };
        Method baseMethod = switch (base) {
            case SUPERVISED -> new Supervised();
            case VAT_ENTMIN -> Vat.from(c, true);
            case PSEUDO_LABEL -> PseudoLabel.from(c);
        };
        boolean rotation = pretext == Pretext.ROTATION;
        return new S4l(pretext, base, baseMethod, c.paramOr("weight", 1.0),
                rotation ? c.wholeParamOr("rotations", 4) : 4, rotation ? 4 : c.wholeParamOr("copies", 4),
                rotation ? 0.5 : c.paramOr("margin", 0.5), c.seed());
    }

    @Override
    public String name() {
        return "s4l-" + pretext.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        Views views = new Views();
        INDArray x = batch.labeledSize() > 0 ? step.weak(batch.labeledX()) : null;
        INDArray u = batch.unlabeledSize() > 0 ? step.weak(batch.unlabeledX()) : null;
        int labeled = views.add(x);
        VirtualAdversarial.Result adversarial = null;
        int perturbed = -1, clean = -1;
        if (u != null && base == Base.VAT_ENTMIN) {
            adversarial = ((Vat) baseMethod).search().find(step.model(), u, step.random());
            perturbed = views.add(adversarial.perturbed(u));
        }
        if (u != null && base != Base.SUPERVISED) clean = views.add(u);

        INDArray images = x == null ? u : u == null ? x : Nd4j.concat(0, x, u);
        int[] pretextLabels;
        int pretextView;
        if (pretext == Pretext.ROTATION) {
            Rotations.RotatedBatch rotated = rotations == 4 ? Rotations.allFour(images) : Rotations.random(images, step.random());
            pretextLabels = rotated.labels();
            pretextView = views.add(rotated.images());
        } else {
            INDArray[] augmented = new INDArray[copies];
            for (int i = 0; i < copies; i++) augmented[i] = step.strong(images);
            pretextLabels = new int[copies * (int) images.size(0)];
            for (int i = 0; i < pretextLabels.length; i++) pretextLabels[i] = i % (int) images.size(0);
            pretextView = views.add(Nd4j.concat(0, augmented));
        }
        views.forward(step);

        Terms terms = baseTerms(views.logits(labeled), batch, adversarial, views.logits(perturbed), views.logits(clean), step);
        Output features = views.features(pretextView);
        if (pretext == Pretext.ROTATION) {
            lastRotation = LinearHeadCrossEntropy.of(features, head(step.model()).weights(), head.bias(), pretextLabels);
            return terms.and("rotation", weight, lastRotation.loss())
                    .diagnostic("rotation_accuracy", lastRotation.accuracy(pretextLabels));
        }
        return terms.and("exemplar", weight, BatchHardTriplet.of(features, pretextLabels, margin));
    }

    /** CE on the labeled view, plus the base method's unlabeled terms. */
    private Terms baseTerms(Output labeledLogits, Batch batch, VirtualAdversarial.Result adversarial, Output perturbed,
                            Output clean, Step step) {
        Map<String, Object> h = baseMethod.hyperparameters();
        return switch (base) {
            case SUPERVISED -> Terms.of("supervised", labeledLogits == null ? Loss.constant(0) : CrossEntropy.of(labeledLogits, batch.labeledY()));
            case VAT_ENTMIN -> Terms.of("supervised", labeledLogits == null ? Loss.constant(0) : CrossEntropy.of(labeledLogits, batch.labeledY()))
                    // Target from the clean view of this same pass (stop-gradient), not from the search's own pass:
                    // the rotated images share this pass's batch statistics, so a target computed without them
                    // would differ from the perturbed view by more than the perturbation.
                    .and("lds", number(h, "alpha"), adversarial == null ? Loss.constant(0)
                            : Kl.toTarget(Probabilities.softmax(clean.value()), perturbed))
                    .and("entropy", number(h, "entmin"), clean == null ? Loss.constant(0) : Entropy.of(clean));
            case PSEUDO_LABEL -> PseudoLabel.terms(labeledLogits, batch.labeledY(), clean, number(h, "threshold"),
                    number(h, "lambda_u") * org.semisup4j.train.Schedule.rampUp((int) Math.round(number(h, "ramp") * step.total()))
                            .at(step.index(), step.total()), batch.unlabeledTrueLabelsForDiagnostics());
        };
    }

    private static double number(Map<String, Object> h, String key) {
        return ((Number) h.get(key)).doubleValue();
    }

    /** The rotation head (null for exemplar); created on first use, sized to the model's features. */
    public LinearHead head(Model model) {
        if (pretext != Pretext.ROTATION) return null;
        if (head == null) head = LinearHead.on(model, Rotations.CLASSES, seed);
        return head;
    }

    /** The rotation head's probabilities over 0°, 90°, 180°, 270° for each image [N, 4] (evaluation mode). */
    public INDArray rotationProbabilities(Model model, INDArray images) {
        if (head(model) == null) throw new IllegalStateException("s4l-exemplar has no rotation head");
        INDArray features = model.predict(images, Model.Mode.EVAL).features();
        return Probabilities.softmax(head.logits(features));
    }

    /** Share of all four rotations of {@code images} whose rotation the head names correctly. */
    public double rotationAccuracy(Model model, INDArray images) {
        Rotations.RotatedBatch all = Rotations.allFour(images);
        long[] predicted = rotationProbabilities(model, all.images()).argMax(1).toLongVector();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == all.labels()[i]) right++;
        return (double) right / predicted.length;
    }

    /** Refuses vector inputs and creates the head before any checkpoint load, so a resumed run restores it. */
    @Override
    public void start(Model student) {
        if (student.inputShape().length != 3)
            throw new IllegalArgumentException(name() + " needs images [C,H,W]; the model reads vectors of shape "
                    + Arrays.toString(student.inputShape()) + ". Use an image dataset, or csv: data with --image-shape CxHxW");
        head(student);
    }

    @Override
    public void afterUpdate(Step step, Model student) {
        if (lastRotation != null && head != null)
            head.update(lastRotation.weightGradient().mul(weight), lastRotation.biasGradient().mul(weight));
        lastRotation = null;
    }

    @Override
    public void saveState(Path checkpoint) throws IOException {
        if (head != null) head.save(checkpoint.resolve(HEAD_FILE));
    }

    @Override
    public void loadState(Path checkpoint) throws IOException {
        if (head == null) return;
        Path file = checkpoint.resolve(HEAD_FILE);
        if (!Files.isRegularFile(file))
            throw new IOException(checkpoint + " holds no " + HEAD_FILE + ": it was not written by an s4l-rotation run");
        head.load(file);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("base", base.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        h.putAll(baseMethod.hyperparameters());
        h.put("weight", weight);
        if (pretext == Pretext.ROTATION) {
            h.put("rotations", rotations);
        } else {
            h.put("copies", copies);
            h.put("margin", margin);
        }
        return h;
    }
}
