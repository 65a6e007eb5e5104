package org.semisup4j.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loss term written with SameDiff operations, whose gradient is found automatically — so a new
 * consistency loss can be prototyped in one notebook cell:
 *
 * <pre>{@code
 * Autodiff symmetricKl = Autodiff.define("symmetric-kl", (sd, in) -> {
 *     SDVariable p = sd.nn.softmax(in[0]), q = sd.nn.softmax(in[1]);
 *     SDVariable logP = sd.nn.logSoftmax(in[0]), logQ = sd.nn.logSoftmax(in[1]);
 *     return p.sub(q).mul(logP.sub(logQ)).sum(1).mean();
 * });
 * Loss l = symmetricKl.apply(pass.logits(1), pass.logits(2));
 * }</pre>
 *
 * Arguments that are {@link Output}s receive gradient; plain {@link INDArray}s are constants (targets,
 * masks). The graph is built once per combination of argument shapes and reused.
 */
public final class Autodiff {

    /** Builds the scalar loss from one variable per argument, in the order they are passed. */
    @FunctionalInterface
    public interface Definition {
        SDVariable loss(SameDiff sd, SDVariable... inputs);
    }

    private record Graph(SameDiff sd, String lossName) {}

    private final String name;
    private final Definition definition;
    private final Map<String, Graph> graphs = new ConcurrentHashMap<>();

    private Autodiff(String name, Definition definition) {
        this.name = name;
        this.definition = definition;
    }

    public static Autodiff define(String name, Definition definition) {
        return new Autodiff(name, definition);
    }

    public String name() {
        return name;
    }

    /** Evaluates the loss and its gradient w.r.t. every {@link Output} argument. */
    public synchronized Loss apply(Object... args) {
        INDArray[] values = new INDArray[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Output o) values[i] = o.value();
            else if (args[i] instanceof INDArray a) values[i] = a;
            else throw new IllegalArgumentException(name + ": argument " + i + " must be an Output or an INDArray, got "
                    + (args[i] == null ? "null" : args[i].getClass().getName()));
        }
        Graph g = graphs.computeIfAbsent(key(args, values), k -> build(args, values));
        Map<String, INDArray> feed = new HashMap<>();
        List<String> wrt = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Output) {
                g.sd.getVariable(input(i)).setArray(values[i]);
                wrt.add(input(i));
            } else {
                feed.put(input(i), values[i]);
            }
        }
        OutAndGrad result = quietly(() -> g.sd.calculateGradientsAndOutputs(feed, List.of(g.lossName), wrt));
        INDArray lossValue = result.getOutputs().get(g.lossName);
        if (lossValue.length() != 1)
            throw new IllegalStateException(name + ": the loss must be a scalar, got shape " + Arrays.toString(lossValue.shape()));
        Loss loss = Loss.constant(lossValue.getDouble(0));
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Output o) {
                INDArray grad = result.getGradients().get(input(i));
                if (grad == null) continue; // the loss does not depend on this output
                loss = loss.plus(Loss.of(0.0, o, grad));
            }
        }
        return loss;
    }

    private Graph build(Object[] args, INDArray[] values) {
        SameDiff sd = SameDiff.create();
        SDVariable[] in = new SDVariable[values.length];
        // SameDiff differentiates only with respect to variables: outputs become variables whose array is
        // replaced on every call, constants become placeholders.
        for (int i = 0; i < values.length; i++)
            in[i] = args[i] instanceof Output
                    ? sd.var(input(i), values[i].dup())
                    : sd.placeHolder(input(i), values[i].dataType(), values[i].shape());
        SDVariable loss = definition.loss(sd, in);
        if (loss == null) throw new IllegalStateException(name + ": the definition returned no loss variable");
        sd.setLossVariables(loss);
        return new Graph(sd, loss.name());
    }

    private static String input(int i) {
        return "in" + i;
    }

    private static String key(Object[] args, INDArray[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++)
            sb.append(args[i] instanceof Output ? 'o' : 'c').append(values[i].dataType())
                    .append(Arrays.toString(values[i].shape())).append(';');
        return sb.toString();
    }

    /** SameDiff M2.1 prints a line to stdout for every op it differentiates; keep notebooks clean. */
    private static synchronized <T> T quietly(java.util.function.Supplier<T> work) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return work.get();
        } finally {
            System.setOut(original);
        }
    }
}
