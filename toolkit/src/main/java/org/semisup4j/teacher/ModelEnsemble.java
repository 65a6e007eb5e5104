package org.semisup4j.teacher;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.experiment.SavedRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trained models of one or more finished runs as one teacher. Logits are the members' mean; probabilities
 * at temperature τ are the mean of the members' softmax(z/τ) (Stanton et al. 2021 distil ensembles this way).
 * Predictions run in evaluation mode and in chunks.
 */
public final class ModelEnsemble implements TrainedTeacher {
    private static final int CHUNK = 1000;
    private final List<Model> members;
    private final String description;

    private ModelEnsemble(List<Model> members, String description) {
        this.members = List.copyOf(members);
        this.description = description;
        for (Model m : members)
            if (!Arrays.equals(m.inputShape(), members.get(0).inputShape()) || m.numClasses() != members.get(0).numClasses())
                throw new IllegalArgumentException("teacher ensemble " + description + ": its members read different inputs or classes");
    }

    /** Finished runs read from their folders (see {@link SavedRun#load}). */
    public static ModelEnsemble of(List<Path> runFolders) {
        if (runFolders.isEmpty()) throw new IllegalArgumentException("a teacher ensemble needs at least one run");
        List<Model> models = new ArrayList<>();
        for (Path p : runFolders) models.add(SavedRun.load(p).model());
        String name = runFolders.size() == 1 ? runFolders.get(0).toString() : runFolders.size() + " runs " + runFolders;
        return new ModelEnsemble(models, name);
    }

    /** Models already in memory (notebooks, tests). */
    public static ModelEnsemble ofModels(List<Model> models) {
        return new ModelEnsemble(models, models.size() == 1 ? models.get(0).describe() : "ensemble of " + models.size());
    }

    @Override
    public INDArray logits(INDArray x, int[] rows) {
        INDArray sum = null;
        for (Model m : members) {
            INDArray z = predict(m, x);
            sum = sum == null ? z : sum.addi(z);
        }
        return sum.divi(members.size());
    }

    @Override
    public INDArray probabilities(INDArray x, int[] rows, double temperature) {
        INDArray sum = null;
        for (Model m : members) {
            INDArray p = Probabilities.softmax(predict(m, x), temperature);
            sum = sum == null ? p : sum.addi(p);
        }
        return sum.divi(members.size());
    }

    private static INDArray predict(Model m, INDArray x) {
        long[] shape = m.inputShape();
        long n = x.size(0);
        if (!Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()), shape)) {
            long[] full = new long[shape.length + 1];
            full[0] = n;
            System.arraycopy(shape, 0, full, 1, shape.length);
            x = x.dup().reshape(full); // an image flattened for an MLP student, or the other way round
        }
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += CHUNK) {
            INDArray rows = x.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)));
            parts.add(m.predict(rows, Model.Mode.EVAL).logits());
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    public List<Model> members() {
        return members;
    }

    @Override
    public long[] inputShape() {
        return members.get(0).inputShape();
    }

    @Override
    public int numClasses() {
        return members.get(0).numClasses();
    }

    @Override
    public boolean readsInputs() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }
}
