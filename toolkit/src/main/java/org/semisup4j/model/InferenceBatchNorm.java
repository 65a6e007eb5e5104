package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Backward pass of a batch-norm layer that ran with its running statistics: y = γ(x − μ)/σ + β is then
 * a per-channel affine map, so dx = dy·γ/σ. DL4J's own backward always assumes batch statistics.
 */
final class InferenceBatchNorm {
    private InferenceBatchNorm() {}

    static INDArray inputGradient(Layer layer, INDArray epsilon) {
        BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
        // σ as DL4J's inference forward computes it: sqrt(var + eps), var stored directly or as log10(std).
        INDArray variance;
        if (conf.isUseLogStd()) {
            INDArray log10Std = layer.getParam("log10stdev");
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std, false);
            variance = std.mul(std);
        } else {
            variance = layer.getParam("var");
        }
        INDArray sigma = Transforms.sqrt(variance.add(conf.getEps()), false);
        INDArray gamma = conf.isLockGammaBeta()
                ? Nd4j.valueArrayOf(sigma.shape(), conf.getGamma(), sigma.dataType())
                : layer.getParam("gamma");
        INDArray scale = gamma.div(sigma).reshape(sigma.length()).castTo(epsilon.dataType());
        int channelDim = epsilon.rank() == 4 && conf.getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1;
        INDArray out = epsilon.ulike();
        Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, scale, out, channelDim));
        return out;
    }
}
