package drcn.runtime.eval;

import drcn.runtime.UserException;
import drcn.runtime.model.DrcnParameters;
import drcn.runtime.model.ModelFileException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the bundled model for a scale and loads a model file checked against the scale asked for. */
public final class ModelFiles {
    private ModelFiles() {}

    /** Where a bundled model lives, relative to the project folder. */
    public static Path bundledName(int scale) {
        return Path.of("data", "models", "drcn_x" + scale + ".safetensors");
    }

    /**
     * The bundled model for {@code scale}: data/models/drcn_x{S}.safetensors under {@code -Ddrcn.home}
     * (set by bin/drcn), else under the working folder or the nearest parent that has it.
     *
     * @throws UserException naming the way out (--model, --bicubic) when there is none
     */
    public static Path bundled(int scale, boolean bicubicAlternative) {
        Path name = bundledName(scale);
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("drcn.home");
        if (home != null) roots.add(Path.of(home).toAbsolutePath().normalize());
        for (Path dir = Path.of("").toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) roots.add(dir);
        for (Path root : roots) {
            Path candidate = root.resolve(name);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new UserException("There is no bundled model for scale " + scale + " (" + name + " under "
                + (home != null ? home + " or " : "") + "the working folder and its parents): give one with --model FILE"
                + (bicubicAlternative ? ", or score the bicubic baseline alone with --bicubic." : "."));
    }

    /**
     * Loads a model file for upscaling by {@code scale}. A file that is not a DRCN model ends in a
     * {@link ModelFileException}; a model for another scale or for more than the Y channel in a
     * {@link UserException}; both one sentence.
     */
    public static DrcnParameters load(Path file, int scale) {
        if (Files.isDirectory(file)) throw new ModelFileException(file, "Model path " + file + " is a folder, not a model file.");
        DrcnParameters p = DrcnParameters.load(file);
        int trained = p.config().scale();
        if (trained != scale) {
            throw new UserException("Model file " + file + " was trained for scale " + trained + ", not " + scale
                    + ": use --scale " + trained + " or a model trained for x" + scale + ".");
        }
        if (p.config().channels() != 1) {
            throw new UserException("Model file " + file + " works on " + p.config().channels()
                    + " channels, but upscaling runs DRCN on the Y channel alone (1 channel).");
        }
        return p;
    }
}
