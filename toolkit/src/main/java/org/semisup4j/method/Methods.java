package org.semisup4j.method;

import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The methods the CLI and run configurations know by name. A new method registers one line here:
 * its name and how to build it from a {@link RunConfig} (which carries its hyperparameters).
 *
 * <p>A method's parameters are the names its factory looks up ({@link RunConfig#paramOr}); {@link #create}
 * rejects a configured parameter that the named method does not read — a misspelt {@code thresold}, or
 * another method's {@code epsilon} given to fixmatch, would otherwise leave the default in force without a word.
 */
public final class Methods {
    private static final Map<String, Function<RunConfig, Method>> REGISTRY = new LinkedHashMap<>();

    static {
        register("supervised", c -> new Supervised());
        register("pseudo-label", PseudoLabel::from);
        register("fixmatch", FixMatch::from);
        register("ncr", Ncr::from);
        register("mixmatch", MixMatch::from);
        register("uda", Uda::from);
        register("icl", Icl::from);
        register("pi-model", PiModel::from);
        register("temporal-ensembling", TemporalEnsembling::from);
        register("mean-teacher", MeanTeacher::from);
        register("ua-mt", UaMt::from);
        register("vat", c -> Vat.from(c, false));
        register("vat-entmin", c -> Vat.from(c, true));
        register("distill", Distillation::from);
        register("mimic", Mimic::from);
        register("amal", Amal::from);
        register("noisy-student", NoisyStudent::from);
        register("adversarial-training", AdversarialTraining::from);
        register("robust-self-training", RobustSelfTraining::from);
        register("mpl", MetaPseudoLabels::from);
        register("self-mpl", SelfMetaPseudoLabels::from);
        register("s4l-rotation", c -> S4l.from(c, S4l.Pretext.ROTATION));
        register("s4l-exemplar", c -> S4l.from(c, S4l.Pretext.EXEMPLAR));
    }

    private Methods() {}

    public static void register(String name, Function<RunConfig, Method> factory) {
        REGISTRY.put(name, factory);
    }

    /**
     * The method {@code config} names, built with its parameters.
     *
     * @throws IllegalArgumentException for an unknown method, or a parameter this method does not read
     */
    public static Method create(RunConfig config) {
        Function<RunConfig, Method> factory = REGISTRY.get(config.method());
        if (factory == null)
            throw new IllegalArgumentException("unknown method '" + config.method() + "'; known: " + String.join(", ", REGISTRY.keySet()));
        Set<String> own = new TreeSet<>();
        Method method = factory.apply(config.tracingParamReads(own));
        Set<String> unknown = new TreeSet<>(config.methodParams().keySet());
        unknown.removeAll(own);
        if (!unknown.isEmpty()) {
            // A parameter of another method would be ignored just as silently as a misspelt one.
            StringBuilder why = new StringBuilder();
            for (String name : unknown) {
                List<String> owners = new ArrayList<>();
                for (String other : REGISTRY.keySet()) if (parameters(other).contains(name)) owners.add(other);
                why.append(why.isEmpty() ? "" : "; ").append("'").append(name).append("' ")
                        .append(owners.isEmpty() ? "is no method's parameter" : "is a parameter of " + String.join(", ", owners));
            }
            throw new IllegalArgumentException("method " + config.method() + " does not read " + why + ": it would be ignored. "
                    + config.method() + "'s parameters are " + (own.isEmpty() ? "none" : String.join(", ", own)));
        }
        return method;
    }

    /** The parameter names of {@code name}: what its factory looks up when built with the defaults. */
    public static Set<String> parameters(String name) {
        Function<RunConfig, Method> factory = REGISTRY.get(name);
        if (factory == null) throw new IllegalArgumentException("unknown method '" + name + "'");
        Set<String> names = new TreeSet<>();
        factory.apply(RunConfig.of("two-moons").method(name).tracingParamReads(names));
        return names;
    }

    public static Set<String> names() {
        return REGISTRY.keySet();
    }
}
