package org.semisup4j.eval;

/**
 * One class's row of an {@link Evaluation}, one-vs-rest. Precision, recall and F1 are Tribuo's: each is 0
 * (not NaN) when its denominator is 0, e.g. precision of a class that was never predicted.
 *
 * @param index     the class index, as used in the labels
 * @param name      the class name
 * @param support   how many examples truly belong to the class
 * @param predicted how many examples were predicted as the class
 */
public record ClassMetrics(int index, String name, long support, long predicted,
                           double precision, double recall, double f1) {}
