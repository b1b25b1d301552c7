package drcn.runtime.cli;

import drcn.runtime.UserException;
import drcn.runtime.eval.AtomicOutput;
import drcn.runtime.export.OnnxExport;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.model.ModelFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code drcn export}: a model file as an ONNX graph (opset 17) that ONNX Runtime and other tools run. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a DRCN model as ONNX (opset 17): Conv/Relu nodes, the D recursions unrolled over one shared "
                + "weight initializer, reconstruction on every state, the skip additions and the learned ensemble. "
                + "Input \"input\" [N,1,H,W]: the bicubic-upscaled Y channel (BT.601) in [0,1] at the target size; "
                + "output \"output\": the refined Y, same shape. The model's metadata goes into the ONNX metadata_props.")
public final class ExportCommand implements Runnable {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "DRCN model file (.safetensors), e.g. data/models/drcn_x3.safetensors.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ONNX file to write (*.onnx), written only when complete.")
    Path out;

    @Option(names = "--height", paramLabel = "H", description = "Fix the input height (default: a dynamic axis).")
    Integer height;

    @Option(names = "--width", paramLabel = "W", description = "Fix the input width (default: a dynamic axis).")
    Integer width;

    @Override
    public void run() {
        if ((height == null) != (width == null)) throw new UserException("Give --height and --width together, or neither (dynamic sizes).");
        if (height != null && (height < 1 || width < 1)) {
            throw new UserException("The input size must be positive, not " + height + "x" + width + ".");
        }
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".onnx")) throw new UserException("The ONNX file " + out + " must be named *.onnx.");
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new UserException("The folder of the ONNX file " + out + " does not exist.");
        if (Files.isDirectory(out)) throw new UserException("The ONNX file " + out + " is a folder.");
        if (Files.isDirectory(model)) throw new ModelFileException(model, "Model path " + model + " is a folder, not a model file.");
        if (sameFile(model, out)) throw new UserException("The ONNX file " + out + " is the model file itself; give another --out.");

        long start = System.nanoTime();
        DrcnParameters parameters = DrcnParameters.load(model);
        if (parameters.config().channels() != 1) {
            throw new UserException("Model file " + model + " works on " + parameters.config().channels()
                    + " channels; export handles Y-only models (1 channel), the ones this program trains and runs.");
        }
        int h = height == null ? 0 : height, w = width == null ? 0 : width;
        byte[] bytes = OnnxExport.export(parameters, h, w, Main.VERSION);
        AtomicOutput.writeBytes(out, bytes);
        System.out.printf(Locale.ROOT, "Wrote %s (%s, opset %d, input [N,1,%s,%s], %.1f MB) in %.1f s.%n", out, parameters.config(),
                OnnxExport.OPSET, h == 0 ? "H" : Integer.toString(h), w == 0 ? "W" : Integer.toString(w), bytes.length / 1e6,
                (System.nanoTime() - start) / 1e9);
    }

    private static boolean sameFile(Path a, Path b) {
        if (!Files.exists(a) || !Files.exists(b)) return false;
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
