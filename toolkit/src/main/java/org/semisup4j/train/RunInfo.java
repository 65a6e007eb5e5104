package org.semisup4j.train;

import java.util.Map;

/** A description of a run as it starts: its configuration (flattened) and where it starts from. */
public record RunInfo(Map<String, Object> configuration, int firstStep, int totalSteps) {}
