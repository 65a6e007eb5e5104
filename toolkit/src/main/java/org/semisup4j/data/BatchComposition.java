package org.semisup4j.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a training batch is put together from the labeled set and the unlabeled pool — a protocol choice that
 * changes results (oversampling the few labels matters early in training), so it is a value recorded with
 * the run. {@link #toString()} gives a spec that {@link #parse(String)} reads back:
 * {@code fixed-share:B=64,mu=7} or {@code uniform:batch=256}.
 */
public sealed interface BatchComposition permits BatchComposition.FixedShare, BatchComposition.Uniform {

    /** A sampler over {@code data} restricted to {@code split}, deterministic from {@code seed}. */
    BatchSampler sampler(Dataset data, LabelSplit split, long seed);

    /**
     * Every step takes {@code labeledBatch} labeled and {@code mu × labeledBatch} unlabeled examples, each pool
     * walked through its own reshuffled epochs (FixMatch, MixMatch, UDA). {@code mu = 0} gives a supervised
     * baseline on the labeled set.
     */
    static BatchComposition fixedShare(int labeledBatch, int mu) {
        return new FixedShare(labeledBatch, mu);
    }

    /** Every step takes {@code batchSize} examples from labeled ∪ unlabeled; how many are labeled varies. */
    static BatchComposition uniform(int batchSize) {
        return new Uniform(batchSize);
    }

    /** Reads {@code fixed-share:B=64,mu=7} or {@code uniform:batch=256}. */
    static BatchComposition parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        Map<String, Integer> values = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : s.substring(colon + 1).split(",")) {
                String[] kv = part.split("=", 2);
                try {
                    values.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("batch composition '" + spec + "': '" + part + "' is not key=integer");
                }
            }
        }
        return switch (kind) {
            case "fixed-share" -> {
                require(spec, values, "B", "mu");
                yield fixedShare(values.get("B"), values.get("mu"));
            }
            case "uniform" -> {
                require(spec, values, "batch");
                yield uniform(values.get("batch"));
            }
            default -> throw new IllegalArgumentException("batch composition '" + spec
                    + "': expected fixed-share:B=<labeled batch>,mu=<ratio> or uniform:batch=<size>");
        };
    }

    private static void require(String spec, Map<String, Integer> values, String... keys) {
        if (!values.keySet().equals(new java.util.HashSet<>(java.util.List.of(keys)))) {
            throw new IllegalArgumentException("batch composition '" + spec + "': expected exactly the keys " + java.util.List.of(keys));
        }
    }

    record FixedShare(int labeledBatch, int mu) implements BatchComposition {
        public FixedShare {
            if (labeledBatch < 1 || mu < 0) {
                throw new IllegalArgumentException("fixed-share needs labeled batch >= 1 and mu >= 0, got B=" + labeledBatch + ", mu=" + mu);
            }
        }

        @Override
        public BatchSampler sampler(Dataset data, LabelSplit split, long seed) {
            return BatchSampler.fixedShare(data, split, labeledBatch, mu, seed);
        }

        @Override
        public String toString() {
            return "fixed-share:B=" + labeledBatch + ",mu=" + mu;
        }
    }

    record Uniform(int batchSize) implements BatchComposition {
        public Uniform {
            if (batchSize < 1) {
                throw new IllegalArgumentException("uniform needs batch size >= 1, got " + batchSize);
            }
        }

        @Override
        public BatchSampler sampler(Dataset data, LabelSplit split, long seed) {
            return BatchSampler.uniform(data, split, batchSize, seed);
        }

        @Override
        public String toString() {
            return "uniform:batch=" + batchSize;
        }
    }
}
