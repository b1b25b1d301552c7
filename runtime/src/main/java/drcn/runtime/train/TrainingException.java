package drcn.runtime.train;

/** Something that stops a training run, said in one sentence (a bad folder, a diverged loss, a bad state file). */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) { super(message); }

    public TrainingException(String message, Throwable cause) { super(message, cause); }
}
