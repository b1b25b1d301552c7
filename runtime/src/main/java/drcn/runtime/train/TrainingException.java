package drcn.runtime.train;

import drcn.runtime.UserException;

/** Something that stops a training run, said in one sentence (a bad folder, a diverged loss, a bad state file). */
public class TrainingException extends UserException {
    public TrainingException(String message) { super(message); }

    public TrainingException(String message, Throwable cause) { super(message, cause); }
}
