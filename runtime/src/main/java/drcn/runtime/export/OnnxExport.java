package drcn.runtime.export;

import drcn.runtime.export.OnnxProto.Message;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DRCN as an ONNX graph (opset 17), the same network as {@code Drcn#forward} and
 * {@code drcn.kernels.nn.DrcnReference}:
 * <pre>
 *   input  [N][C][H][W]   the bicubic-upscaled Y channel in [0,1] (uint8 Y of BT.601 rgb2ycbcr / 255)
 *   e1     = Relu(Conv(input, embed1))        every Conv: 3x3, pads 1, stride 1, with bias
 *   h_0    = Relu(Conv(e1, embed2))
 *   h_d    = Relu(Conv(h_{d-1}, infer))       d = 1..D, the ONE infer.weight / infer.bias initializer
 *   pred_d = Conv(Relu(Conv(h_d, recon1)), recon2) + input          on every state
 *   output = ReduceSum(Concat(pred_1..pred_D, axis 1) * Reshape(ensemble.weight, [1,D,1,1]), axis 1)
 * </pre>
 * Every parameter is an initializer named as in the model file (PyTorch's state_dict names), written once
 * however many nodes read it. Batch, height and width are dynamic axes (N, H, W) unless a size is fixed.
 * The model file's metadata goes into metadata_props, with a few keys of ours under {@code drcn.onnx.}
 * that say what the input and output are.
 */
public final class OnnxExport {
    private OnnxExport() {}

    public static final int OPSET = 17;
    public static final String INPUT = "input", OUTPUT = "output";

    /**
     * The ONNX file's bytes.
     *
     * @param height the input height, or 0 for a dynamic axis; likewise {@code width}
     */
    public static byte[] export(DrcnParameters parameters, int height, int width, String producerVersion) {
        if (height < 0 || width < 0) throw new IllegalArgumentException("sizes must be 0 (dynamic) or positive, not " + height + "x" + width);
        DrcnConfig c = parameters.config();
        if (c.channels() != 1) throw new IllegalArgumentException("ONNX export handles Y-only models (1 channel), not " + c);
        int depth = c.recursions();

        List<Message> initializers = new ArrayList<>();
        for (String name : DrcnParameters.NAMES) {
            int[] shape = DrcnParameters.shape(name, c);
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) dims[i] = shape[i];
            initializers.add(OnnxProto.floatTensor(name, dims, parameters.get(name)));
        }
        initializers.add(OnnxProto.int64Tensor("ensemble.shape", new long[] {4}, new long[] {1, depth, 1, 1}));
        initializers.add(OnnxProto.int64Tensor("ensemble.axes", new long[] {1}, new long[] {1}));

        List<Message> nodes = new ArrayList<>();
        conv(nodes, "embed1", INPUT, "e1.conv");
        relu(nodes, "e1.conv", "e1");
        conv(nodes, "embed2", "e1", "h0.conv");
        relu(nodes, "h0.conv", "h0");
        for (int d = 1; d <= depth; d++) {
            conv(nodes, "infer", "h" + (d - 1), "h" + d + ".conv");
            relu(nodes, "h" + d + ".conv", "h" + d);
        }
        List<String> predictions = new ArrayList<>();
        for (int d = 1; d <= depth; d++) {
            String p = "pred" + d;
            conv(nodes, "recon1", "h" + d, p + ".recon1.conv");
            relu(nodes, p + ".recon1.conv", p + ".recon1");
            conv(nodes, "recon2", p + ".recon1", p + ".recon2");
            nodes.add(OnnxProto.node("Add", p + ".skip", List.of(p + ".recon2", INPUT), List.of(p)));
            predictions.add(p);
        }
        // The ensemble: the D predictions side by side on the channel axis ([N][D][H][W]), weighted by
        // ensemble.weight and summed over that axis.
        nodes.add(OnnxProto.node("Concat", "predictions", predictions, List.of("predictions"), OnnxProto.intAttribute("axis", 1)));
        nodes.add(OnnxProto.node("Reshape", "ensemble.weight.reshape", List.of("ensemble.weight", "ensemble.shape"), List.of("ensemble.weights")));
        nodes.add(OnnxProto.node("Mul", "ensemble.weighted", List.of("predictions", "ensemble.weights"), List.of("ensemble.weighted")));
        nodes.add(OnnxProto.node("ReduceSum", "ensemble", List.of("ensemble.weighted", "ensemble.axes"), List.of(OUTPUT),
                OnnxProto.intAttribute("keepdims", 1)));

        List<Object> dims = List.of("N", (long) c.channels(), height > 0 ? (Object) (long) height : "H", width > 0 ? (Object) (long) width : "W");
        Message graph = OnnxProto.graph("drcn", "DRCN (Kim, Lee, Lee, CVPR 2016), " + c + ": " + depth
                        + " recursions of one shared conv, reconstruction on every state, learned ensemble.",
                nodes, initializers, List.of(OnnxProto.floatValueInfo(INPUT, dims)), List.of(OnnxProto.floatValueInfo(OUTPUT, dims)));
        return OnnxProto.model("drcn", producerVersion,
                "DRCN x" + c.scale() + " super-resolution. Input: the bicubic-upscaled Y channel (BT.601) in [0,1], "
                        + "[N][1][H][W] at the target size; output: the refined Y channel, same shape and scale, not clamped.",
                graph, "", OPSET, metadata(parameters)).toByteArray();
    }

    /** The model file's metadata, and ours (prefix drcn.onnx.) describing the input. */
    static Map<String, String> metadata(DrcnParameters parameters) {
        Map<String, String> meta = new TreeMap<>(parameters.metadata());
        DrcnConfig c = parameters.config();
        // a model built in memory has only init facts: the format keys make the props complete either way
        meta.putIfAbsent("format", DrcnParameters.FORMAT);
        meta.putIfAbsent("format_version", DrcnParameters.FORMAT_VERSION);
        meta.put("filters", Integer.toString(c.filters()));
        meta.put("recursions", Integer.toString(c.recursions()));
        meta.put("channels", Integer.toString(c.channels()));
        meta.put("scale", Integer.toString(c.scale()));
        Map<String, String> ours = new LinkedHashMap<>();
        ours.put("drcn.onnx.input", "bicubic-upscaled Y channel (uint8 Y of BT.601 rgb2ycbcr / 255, MATLAB imresize bicubic) "
                + "in [0,1], [N][1][H][W] at the target size");
        ours.put("drcn.onnx.output", "refined Y channel in [0,1] (not clamped); Cb/Cr stay bicubic");
        meta.putAll(ours);
        return meta;
    }

    private static void conv(List<Message> nodes, String layer, String in, String out) {
        nodes.add(OnnxProto.node("Conv", out, List.of(in, layer + ".weight", layer + ".bias"), List.of(out),
                OnnxProto.ints("kernel_shape", 3, 3), OnnxProto.ints("pads", 1, 1, 1, 1), OnnxProto.ints("strides", 1, 1),
                OnnxProto.ints("dilations", 1, 1), OnnxProto.intAttribute("group", 1)));
    }

    private static void relu(List<Message> nodes, String in, String out) {
        nodes.add(OnnxProto.node("Relu", out, List.of(in), List.of(out)));
    }
}
