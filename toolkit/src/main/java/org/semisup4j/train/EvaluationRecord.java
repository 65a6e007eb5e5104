package org.semisup4j.train;

import java.util.Map;

/** Test accuracy of each evaluated model ("student", "teacher", "ema", …) after a step. */
public record EvaluationRecord(int step, Map<String, Double> accuracy) {}
