package org.semisup4j.train;

import java.util.Map;

/**
 * What happened in one step, as listeners see it.
 *
 * @param terms       value of each loss term (unweighted)
 * @param weights     weight of each term in this step
 * @param diagnostics mask rate, pseudo-label accuracy, EMA decay, …
 */
public record StepRecord(int step, int totalSteps, int epoch, double learningRate, double loss,
                         Map<String, Double> terms, Map<String, Double> weights,
                         Map<String, Double> diagnostics, double millis) {}
