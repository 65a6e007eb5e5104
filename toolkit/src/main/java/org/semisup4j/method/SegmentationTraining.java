package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.data.SyntheticSegmentation;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.SoftDice;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.FullyConvolutionalModel;
import org.semisup4j.model.Model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Semi-supervised segmentation on {@link SyntheticSegmentation} with a {@link FullyConvolutionalModel}:
 * supervised only, Mean Teacher, or UA-MT — the comparison of the UA-MT paper at toy scale. Each step
 * draws a few labeled and a few unlabeled images, runs the student once over both, and minimises
 * 0.5·(CE + Dice) on the labeled pixels plus (for the teachers) the masked consistency of {@link UaMt}
 * on the unlabeled pixels. The Mean Teacher variant is UA-MT with every pixel kept, as in the paper.
 *
 * <p>This small loop exists because the trainer's {@code Pass} splits views by input rows while this
 * model's rows are pixels; it mirrors the trainer's order (forward → terms → backward → update → EMA).
 */
public final class SegmentationTraining {
    public enum Variant { SUPERVISED, MEAN_TEACHER, UA_MT }

    /** Mean per-image Dice of the foreground and per-pixel accuracy. */
    public record Scores(double dice, double pixelAccuracy) {}

    /** Scores of student and teacher (null for the supervised variant) after {@code step} steps. */
    public record Evaluation(int step, Scores student, Scores teacher) {}

    /** What a listener sees after each step; {@code evaluation} is null except on evaluation steps. */
    public record Progress(int step, int totalSteps, Map<String, Double> losses, Map<String, Double> diagnostics,
                           UaMt.Diagnostics teacherView, INDArray unlabeledImages, Evaluation evaluation) {}

    public record Result(Variant variant, List<Evaluation> history, Scores student, Scores teacher,
                         FullyConvolutionalModel model, Model teacherModel, double seconds) {}

    private final SyntheticSegmentation train, test;
    private Variant variant = Variant.UA_MT;
    private int labeledImages = 8, labeledBatch = 2, unlabeledBatch = 2, steps = 300, evalEvery = 50, width = 16;
    private double learningRate = 3e-3, dropout = 0.3;
    private long seed = 0;

    private SegmentationTraining(SyntheticSegmentation train, SyntheticSegmentation test) {
        this.train = train;
        this.test = test;
    }

    public static SegmentationTraining of(SyntheticSegmentation train, SyntheticSegmentation test) {
        return new SegmentationTraining(train, test);
    }

    public SegmentationTraining variant(Variant v) { this.variant = v; return this; }
    /** The first {@code n} training images are labeled, the rest unlabeled. */
    public SegmentationTraining labeledImages(int n) { this.labeledImages = n; return this; }
    public SegmentationTraining batch(int labeled, int unlabeled) { this.labeledBatch = labeled; this.unlabeledBatch = unlabeled; return this; }
    public SegmentationTraining steps(int n) { this.steps = n; return this; }
    public SegmentationTraining evalEvery(int n) { this.evalEvery = n; return this; }
    public SegmentationTraining learningRate(double lr) { this.learningRate = lr; return this; }
    public SegmentationTraining width(int w) { this.width = w; return this; }
    public SegmentationTraining dropout(double p) { this.dropout = p; return this; }
    public SegmentationTraining seed(long s) { this.seed = s; return this; }

    public Result run() {
        return run(p -> {});
    }

    public Result run(Consumer<Progress> listener) {
        if (labeledImages < 1 || labeledImages >= train.size())
            throw new IllegalArgumentException("labeledImages must be in 1.." + (train.size() - 1) + ", got " + labeledImages);
        if (steps < 1) throw new IllegalArgumentException("steps must be positive, got " + steps);
        long start = System.nanoTime();
        int size = train.imageSize();
        long pixels = (long) size * size;
        FullyConvolutionalModel model = FullyConvolutionalModel.create(1, size, train.numClasses(), width, dropout, learningRate, seed);
        UaMt uaMt = switch (variant) {
            case SUPERVISED -> null;
            case MEAN_TEACHER -> UaMt.withoutUncertainty(true);
            case UA_MT -> UaMt.paper(true);
        };
        SplittableRandom sampling = new SplittableRandom(seed * 7919 + 1);
        List<Evaluation> history = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            Nd4j.getRandom().setSeed(seed * 1_000_003L + step); // dropout masks
            SplittableRandom random = new SplittableRandom(seed * 31 + step);
            int[] li = draw(sampling, 0, labeledImages, labeledBatch);
            int[] ui = draw(sampling, labeledImages, train.size(), unlabeledBatch);
            INDArray xl = train.images(li), xu = train.images(ui);
            int[] yl = train.pixelLabels(li);
            Model.Outputs out = model.forward(uaMt == null ? xl : Nd4j.concat(0, xl, xu));
            INDArray gradient = Nd4j.zeros(out.logits().dataType(), out.logits().shape());
            Output all = new Output(out.logits(), gradient);
            long nl = li.length * pixels;
            Output labeled = ConsistencySupport.rows(all, 0, nl);
            Terms terms = uaMt == null
                    ? Terms.of("supervised", CrossEntropy.of(labeled, yl).plus(SoftDice.foreground(labeled, yl)).times(0.5))
                    : uaMt.terms(model, labeled, yl, ConsistencySupport.rows(all, nl, all.rows()), xu, step, steps, random);
            terms.backward();
            model.backward(gradient, null, false);
            model.update(learningRate, step);
            if (uaMt != null) uaMt.updateTeacher(model, step);
            Evaluation evaluation = null;
            if ((evalEvery > 0 && (step + 1) % evalEvery == 0) || step == steps - 1) {
                evaluation = new Evaluation(step + 1, score(model, test), uaMt == null ? null : score(uaMt.teacher(), test));
                history.add(evaluation);
            }
            Map<String, Double> losses = new LinkedHashMap<>();
            for (Terms.Term t : terms.terms()) losses.put(t.name(), t.loss().value());
            listener.accept(new Progress(step, steps, losses, terms.diagnostics(), uaMt == null ? null : uaMt.lastDiagnostics(),
                    xu, evaluation));
        }
        Evaluation last = history.get(history.size() - 1);
        return new Result(variant, history, last.student(), last.teacher(), model, uaMt == null ? null : uaMt.teacher(),
                (System.nanoTime() - start) / 1e9);
    }

    private static int[] draw(SplittableRandom r, int from, int to, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = from + r.nextInt(to - from);
        return out;
    }

    /** Mean per-image foreground Dice (1 when an image and its prediction are both empty) and pixel accuracy. */
    public static Scores score(Model model, SyntheticSegmentation data) {
        int size = data.imageSize(), pixels = size * size;
        int[] truth = data.pixelLabels();
        double diceSum = 0;
        long correct = 0;
        for (int from = 0; from < data.size(); from += 32) {
            int to = Math.min(data.size(), from + 32);
            INDArray x = data.images().get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            int[] predicted = Probabilities.argmax(Probabilities.softmax(model.predict(x, Model.Mode.EVAL).logits()));
            for (int i = 0; i < to - from; i++) {
                int offset = (from + i) * pixels;
                long both = 0, p = 0, g = 0;
                for (int k = 0; k < pixels; k++) {
                    boolean pk = predicted[i * pixels + k] == 1, gk = truth[offset + k] == 1;
                    if (pk && gk) both++;
                    if (pk) p++;
                    if (gk) g++;
                    if (predicted[i * pixels + k] == truth[offset + k]) correct++;
                }
                diceSum += p + g == 0 ? 1.0 : 2.0 * both / (p + g);
            }
        }
        return new Scores(diceSum / data.size(), (double) correct / ((long) data.size() * pixels));
    }
}
