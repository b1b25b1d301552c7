package drcn.runtime.model;

import drcn.runtime.UserException;

import java.nio.file.Path;

/**
 * A model or tensor file that cannot be read or written. The message is one sentence that names
 * the file and what is wrong with it, so the CLI can print it as is.
 */
public class ModelFileException extends UserException {
    private final Path file;

    public ModelFileException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public ModelFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file concerned; null when the tensors never came from a file. */
    public Path file() { return file; }
}
