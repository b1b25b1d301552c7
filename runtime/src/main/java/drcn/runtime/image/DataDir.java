package drcn.runtime.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the folder holding the benchmark sets (Set5/, Set14/, T91/): walking up from a start
 * folder, the first {@code data/} with a {@code Set5/} in it (the project's own copy), or else a
 * {@code shared/data/} with a {@code Set5/} in it.
 */
public final class DataDir {
    private DataDir() {}

    /** Searched from the working directory. */
    public static Optional<Path> locate() { return locate(Path.of("").toAbsolutePath()); }

    public static Optional<Path> locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path own = dir.resolve("data");
            if (Files.isDirectory(own.resolve("Set5"))) return Optional.of(own);
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path shared = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(shared.resolve("Set5"))) return Optional.of(shared);
        }
        return Optional.empty();
    }
}
