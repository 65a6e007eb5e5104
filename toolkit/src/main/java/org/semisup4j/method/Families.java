package org.semisup4j.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The family of each method, after the surveys' map of the field (Yang, Song, King &amp; Xu 2021, arXiv:2103.00550;
 * van Engelen &amp; Hoos 2020):
 * what kind of signal it takes from unlabeled data. {@link #of} answers "other" for a name not in the table,
 * so a newly registered method shows up in the survey before anyone files it here.
 */
public final class Families {
    /** A family: its name, the assumption it mostly rests on, and what it does with unlabeled data. */
    public record Family(String name, String assumption, String idea) {}

    public static final String OTHER = "other";

    /** The families in the order the survey presents them. */
    public static final List<Family> ALL = List.of(
            new Family("supervised", "—", "labeled data only: the baseline every family must beat"),
            new Family("consistency", "smoothness, low density",
                    "the prediction should not change under noise, augmentation, dropout or an adversarial nudge"),
            new Family("pseudo-labels", "cluster, low density",
                    "the model's own confident guesses (or a teacher's) become targets: self-training, entropy minimisation"),
            new Family("hybrid mixing", "smoothness, low density",
                    "consistency plus pseudo-labels plus interpolation between examples (MixUp) in one loss"),
            new Family("graph / neighbours", "manifold, cluster",
                    "labels spread along a similarity graph; neighbours in feature space should agree"),
            new Family("self-supervised", "manifold",
                    "a pretext task on unlabeled inputs (rotation, exemplars, contrast) shapes the representation"),
            new Family("distillation", "smoothness",
                    "a trained teacher's soft outputs on unlabeled data teach a student"),
            new Family("active", "cluster",
                    "choose which examples to label next (student–teacher disagreement, uncertainty)"),
            new Family(OTHER, "?", "not yet filed in method/Families"));

    private static final Map<String, String> FAMILY = new LinkedHashMap<>();

    static {
        file("supervised", "supervised");
        file("consistency", "pi-model", "temporal-ensembling", "mean-teacher", "ua-mt", "vat", "vat-entmin", "uda",
                "adversarial-training", "robust-self-training");
        file("pseudo-labels", "pseudo-label", "noisy-student", "mpl", "self-mpl");
        file("hybrid mixing", "mixmatch", "fixmatch", "icl");
        file("graph / neighbours", "ncr", "label-propagation");
        file("self-supervised", "s4l-rotation", "s4l-exemplar");
        file("distillation", "distill", "mimic", "amal");
        file("active", "st-conal");
    }

    private Families() {}

    private static void file(String family, String... methods) {
        for (String m : methods) FAMILY.put(m, family);
    }

    /** The family of a method name; {@value #OTHER} for a name not in the table. */
    public static String of(String method) {
        return FAMILY.getOrDefault(method, OTHER);
    }

    /** The family record of that name. */
    public static Family family(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method family '" + name + "'; known: "
                        + ALL.stream().map(Family::name).toList()));
    }
}
