package drcn.runtime.cli;

import drcn.runtime.eval.ModelFiles;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model FILE} of the commands that run a trained model, the bundled one for the scale when it is not given. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "DRCN model file (default: the bundled data/models/drcn_x<S>.safetensors).")
    Path model;

    /** Whether --model was given. */
    boolean given() {
        return model != null;
    }

    /** The file --model names, else the bundled model for {@code scale} (see {@link ModelFiles#bundled}). */
    Path file(int scale, boolean bicubicAlternative) {
        return model != null ? model : ModelFiles.bundled(scale, bicubicAlternative);
    }
}
