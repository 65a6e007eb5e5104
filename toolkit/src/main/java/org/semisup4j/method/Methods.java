package org.semisup4j.method;

import org.semisup4j.train.RunConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The methods the CLI and run configurations know by name. A new method registers one line here:
 * its name and how to build it from a {@link RunConfig} (which carries its hyperparameters).
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
    }

    private Methods() {}

    public static void register(String name, Function<RunConfig, Method> factory) {
        REGISTRY.put(name, factory);
    }

    public static Method create(RunConfig config) {
        Function<RunConfig, Method> factory = REGISTRY.get(config.method());
        if (factory == null)
            throw new IllegalArgumentException("unknown method '" + config.method() + "'; known: " + String.join(", ", REGISTRY.keySet()));
        return factory.apply(config);
    }

    public static java.util.Set<String> names() {
        return REGISTRY.keySet();
    }
}
