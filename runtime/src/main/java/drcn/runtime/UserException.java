package drcn.runtime;

/**
 * Something the user can fix (a missing file, a bad option or setting, a damaged image or model file,
 * a device without a driver); its message is one sentence. Every such error extends this one type
 * (ImageException, ModelFileException, Settings.SettingsException, TrainingException,
 * Profiler.ProfileException, BackendException), so the CLI prints the message of this type and
 * reports anything else as an internal error.
 */
public class UserException extends RuntimeException {
    public UserException(String message) { super(message); }

    public UserException(String message, Throwable cause) { super(message, cause); }
}
