package org.semisup4j.method;

import org.semisup4j.train.Method;
import org.semisup4j.teacher.TrainedTeacher;

/**
 * A method whose student learns from a fixed, already trained teacher (distillation, mimic learning, AMAL):
 * the CLI and notebooks measure the student's fidelity to that teacher ({@link org.semisup4j.eval.Fidelity}).
 */
public interface LearnsFromTeacher {
    /** The teacher, loaded when the trainer starts the method ({@link Method#start}); null before. */
    TrainedTeacher teacher();
}
