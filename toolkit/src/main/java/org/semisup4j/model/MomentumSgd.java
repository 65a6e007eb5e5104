package org.semisup4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * SGD with heavy-ball or Nesterov momentum in PyTorch's form, which DL4J lacks (its {@code Nesterovs}
 * keeps the learning rate inside the velocity, so a cosine schedule acts differently from the papers'
 * code). buffer ← μ·buffer + g; step = lr·buffer, or lr·(g + μ·buffer) with Nesterov.
 */
public final class MomentumSgd implements IUpdater {
    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private double momentum;
    private boolean nesterov;

    /** For DL4J's JSON/clone machinery. */
    public MomentumSgd() {
        this(0.1, 0.9, false);
    }

    public MomentumSgd(double learningRate, double momentum, boolean nesterov) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    public double getLearningRate() { return learningRate; }
    public void setLearningRate(double learningRate) { this.learningRate = learningRate; }
    public ISchedule getLearningRateSchedule() { return learningRateSchedule; }
    public void setLearningRateSchedule(ISchedule s) { this.learningRateSchedule = s; }
    public double getMomentum() { return momentum; }
    public void setMomentum(double momentum) { this.momentum = momentum; }
    public boolean isNesterov() { return nesterov; }
    public void setNesterov(boolean nesterov) { this.nesterov = nesterov; }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public IUpdater clone() {
        MomentumSgd c = new MomentumSgd(learningRate, momentum, nesterov);
        c.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return c;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MomentumSgd m && m.learningRate == learningRate && m.momentum == momentum
                && m.nesterov == nesterov && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum, nesterov, learningRateSchedule);
    }

    @Override
    public String toString() {
        return "MomentumSgd(lr=" + learningRate + ", momentum=" + momentum + (nesterov ? ", nesterov" : "") + ")";
    }

    /** The per-block state: one velocity buffer, a view into the network's updater state. */
    private static final class Updater implements GradientUpdater<MomentumSgd> {
        private static final String BUFFER = "buffer";
        private final MomentumSgd config;
        private INDArray buffer;

        Updater(MomentumSgd config) {
            this.config = config;
        }

        @Override
        public MomentumSgd getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            INDArray b = state.get(BUFFER);
            if (b == null) throw new IllegalStateException("momentum state has no '" + BUFFER + "' array");
            buffer = b;
            if (initialize) buffer.assign(0);
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(BUFFER, buffer);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) viewArray.assign(0);
            buffer = viewArray.reshape(order, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double mu = config.momentum;
            double lr = config.getLearningRate(iteration, epoch);
            buffer.muli(mu).addi(gradient);
            if (config.nesterov) gradient.addi(buffer.mul(mu)).muli(lr);
            else gradient.assign(buffer).muli(lr);
        }
    }
}
