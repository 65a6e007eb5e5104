package org.semisup4j.method;

import org.semisup4j.model.Model;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.Method;

/**
 * What every method whose student learns from a fixed, already trained teacher shares (distillation, mimic
 * learning, AMAL): the teacher is named by the {@code teacher} parameter (a run folder or a table of outputs),
 * loaded once when the trainer starts the method, and checked against the student's input shape and classes
 * before the first step. Subclasses write only their loss.
 */
public abstract class TrainedTeacherMethod implements Method, LearnsFromTeacher {
    protected final String teacherSpec;
    protected TrainedTeacher teacher;

    protected TrainedTeacherMethod(String teacherSpec) {
        this.teacherSpec = teacherSpec;
    }

    @Override
    public void start(Model student) {
        if (teacher == null) teacher = TrainedTeacher.load(teacherSpec);
        teacher.checkFits(student.inputShape(), student.numClasses());
    }

    /** Uses an already loaded teacher instead of reading the {@code teacher} parameter (a notebook that holds one in memory). */
    public TrainedTeacherMethod withTeacher(TrainedTeacher t) {
        this.teacher = t;
        return this;
    }

    @Override
    public TrainedTeacher teacher() {
        return teacher;
    }
}
