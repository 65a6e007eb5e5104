package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.semisup4j.train.Experiment;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.TrainingResult;

class ScratchMeasureTest {
    @Test
    void measure() {
        String spec = System.getProperty("scratch.methods", "supervised,fixmatch");
        int steps = Integer.getInteger("scratch.steps", 300);
        int seeds = Integer.getInteger("scratch.seeds", 3);
        double noise = Double.parseDouble(System.getProperty("scratch.noise", "0"));
        int labels = Integer.getInteger("scratch.labels", 6);
        String dataset = System.getProperty("scratch.dataset", "two-moons");
        String extra = System.getProperty("scratch.params", "");
        for (String m : spec.split(",")) {
            StringBuilder sb = new StringBuilder(m + ":");
            double sum = 0; long t0 = System.nanoTime();
            for (int s = 0; s < seeds; s++) {
                RunConfig c = RunConfig.of(dataset).method(m).labels(labels).seed(s).steps(steps).evalEvery(0).noise(noise);
                if (!extra.isEmpty()) for (String kv : extra.split(";")) {
                    String[] p = kv.split("=");
                    if (p[0].equals("batch")) c = c.batchSize(Integer.parseInt(p[1]));
                    else if (p[0].equals("mu")) c = c.unlabeledRatio(Integer.parseInt(p[1]));
                    else if (p[0].equals("batches")) c = c.batches(p[1]);
                    else if (p[0].equals("lr")) c = c.learningRate(Double.parseDouble(p[1]));
                    else c = c.param(p[0], p[1].matches("[-0-9.eE]+") ? (Object) Double.valueOf(p[1]) : p[1]);
                }
                TrainingResult r = Experiment.run(c);
                sum += r.accuracy();
                sb.append(String.format(" %.3f", r.accuracy()));
            }
            System.out.printf("MEASURE %s mean %.3f  (%.1f s/run)%n", sb, sum / seeds, (System.nanoTime() - t0) / 1e9 / seeds);
        }
    }
}
