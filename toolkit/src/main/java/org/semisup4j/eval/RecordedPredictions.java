package org.semisup4j.eval;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.EmptyDatasetProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands predictions made elsewhere (by an ND4J network) to Tribuo's {@link LabelEvaluator}.
 * <p>
 * Tribuo's evaluator wants a {@code Model<Label>} for three things only: its label domain, whether it
 * produces probabilities, and its provenance. {@link PredictionsOnlyModel} supplies those and refuses to
 * predict; each example becomes a featureless {@link ArrayExample} carrying the true label, and each
 * prediction carries the predicted label plus (when given) the full probability row, so Tribuo also
 * computes ROC AUC and averaged precision.
 */
final class RecordedPredictions {
    /**
     * Tribuo logs "No predictions for CLASS: accuracy ill-defined" for each class a model never predicts —
     * several per evaluation early in training or with few labels — which buried notebook output under warnings. Our
     * per-class table shows the same fact as a 0 recall. Held in a field: java.util.logging keeps loggers
     * only weakly, and a collected logger would forget its level.
     */
    private static final java.util.logging.Logger TRIBUO_CONFUSION_METRICS =
            java.util.logging.Logger.getLogger("org.tribuo.classification.evaluation.ConfusionMetrics");

    static {
        TRIBUO_CONFUSION_METRICS.setLevel(java.util.logging.Level.SEVERE);
    }
    private static final LabelFactory LABELS = new LabelFactory();

    private RecordedPredictions() {}

    /**
     * One Tribuo prediction per example. With {@code probs} (may be null) each prediction also carries its
     * full probability row; {@code predicted[i]} must then be the argmax of {@code probs[i]}.
     */
    static List<Prediction<Label>> predictions(int[] trueLabels, int[] predicted, double[][] probs, List<String> classNames) {
        List<Prediction<Label>> predictions = new ArrayList<>(trueLabels.length);
        for (int i = 0; i < trueLabels.length; i++) {
            Example<Label> example = new ArrayExample<>(new Label(classNames.get(trueLabels[i])));
            if (probs == null) {
                predictions.add(new Prediction<>(new Label(classNames.get(predicted[i])), 0, example));
            } else {
                Map<String, Label> scores = new LinkedHashMap<>();
                for (int c = 0; c < classNames.size(); c++) {
                    scores.put(classNames.get(c), new Label(classNames.get(c), probs[i][c]));
                }
                Label output = new Label(classNames.get(predicted[i]), probs[i][predicted[i]]);
                predictions.add(new Prediction<>(output, scores, 0, example, true));
            }
        }
        return predictions;
    }

    /**
     * Runs Tribuo's evaluator. With {@code scoreMetrics} it also computes per-class ROC AUC and averaged
     * precision, which need every prediction to carry probabilities and cost far more than the counting
     * metrics (Tribuo sorts boxed scores once per class per metric).
     */
    static LabelEvaluation evaluate(List<Prediction<Label>> predictions, List<String> classNames, boolean scoreMetrics) {
        var model = new PredictionsOnlyModel(domain(classNames), scoreMetrics);
        var source = new SimpleDataSourceProvenance("semisup4j recorded predictions (n=" + predictions.size() + ")", LABELS);
        return new LabelEvaluator().evaluate(model, predictions, source);
    }

    /** Tribuo ids equal our class indices, so its domain and ours cannot drift apart. */
    private static ImmutableOutputInfo<Label> domain(List<String> classNames) {
        Map<Label, Integer> ids = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) ids.put(new Label(classNames.get(c)), c);
        return LABELS.constructInfoForExternalModel(ids);
    }

    /** A Tribuo model that only describes a label domain; predictions were made outside Tribuo. */
    static final class PredictionsOnlyModel extends Model<Label> {
        private static final long serialVersionUID = 1L;

        PredictionsOnlyModel(ImmutableOutputInfo<Label> domain, boolean generatesProbabilities) {
            this(provenance(), domain, generatesProbabilities);
        }

        private PredictionsOnlyModel(ModelProvenance provenance, ImmutableOutputInfo<Label> domain, boolean probabilities) {
            super("semisup4j-recorded-predictions", provenance, new ImmutableFeatureMap(List.of()), domain, probabilities);
        }

        private static ModelProvenance provenance() {
            return new ModelProvenance(PredictionsOnlyModel.class.getName(), OffsetDateTime.now(),
                    new EmptyDatasetProvenance(), new EmptyTrainerProvenance());
        }

        @Override
        public Prediction<Label> predict(Example<Label> example) {
            throw new UnsupportedOperationException("this model only describes recorded predictions; it cannot predict");
        }

        @Override
        public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
            return Collections.emptyMap();
        }

        @Override
        public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
            return Optional.empty();
        }

        @Override
        protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
            return new PredictionsOnlyModel(newProvenance, outputIDInfo, generatesProbabilities);
        }
    }
}
