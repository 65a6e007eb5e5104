package org.semisup4j.plot;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Entry points for the figures semisup4j shows. Every result displays itself as the last
 * expression of a notebook cell, via {@code display(...)}, or {@code .save(path)} as HTML.
 */
public final class Plots {

    private Plots() {
    }

    /** Named series over a shared x axis: {@code lines("Loss", "step", "value").series("sup", xs, ys)}. */
    public static LinePlot lines(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel);
    }

    /** 2-D points by class, with labeled / unlabeled / pseudo-labeled markers. */
    public static ScatterPlot scatter(String title) {
        return new ScatterPlot(title);
    }

    /** Decision regions of a 2-D classifier ({@code predictor}: [m, 2] → [m, K] probabilities) under its points. */
    public static DecisionBoundaryPlot decisionBoundary(String title, Function<INDArray, INDArray> predictor) {
        return new DecisionBoundaryPlot(title, predictor);
    }

    /** Confusion matrix heatmap; {@code counts[actual][predicted]}. */
    public static ConfusionMatrixPlot confusionMatrix(String title, long[][] counts, String... classNames) {
        return new ConfusionMatrixPlot(title, counts, classNames);
    }

    /** Confusion matrix counted from actual and predicted class indices. */
    public static ConfusionMatrixPlot confusionMatrix(String title, int[] actual, int[] predicted,
                                                      String... classNames) {
        int classes = classNames.length;
        for (int i = 0; i < actual.length; i++) {
            classes = Math.max(classes, Math.max(actual[i], i < predicted.length ? predicted[i] : 0) + 1);
        }
        return new ConfusionMatrixPlot(title, ConfusionMatrixPlot.count(actual, predicted, classes), classNames);
    }

    /** Images from an NCHW batch (1 or 3 channels; values in [0, 1] or 0–255). */
    public static ImageGrid images(String title, INDArray nchw) {
        return ImageGrid.of(title, nchw);
    }

    public static ImageGrid images(String title, List<BufferedImage> images) {
        return ImageGrid.of(title, images);
    }

    /** Features ([n, d]) projected on their first two principal components, coloured by label. */
    public static ScatterPlot projection(String title, INDArray features, int[] labels) {
        Pca pca = Pca.fit(features, 2);
        double[] ratio = pca.explainedVarianceRatio();
        return scatter(title).labeled(pca.project(features), labels)
                .axes(String.format(Locale.ROOT, "PC1 (%.0f%%)", 100 * ratio[0]),
                        String.format(Locale.ROOT, "PC2 (%.0f%%)", 100 * ratio[1]));
    }
}
