package drcn.runtime.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock of a training run's files ({@code .NAME.lock} beside the model file): a second run with the
 * same {@code --out} refuses while the first holds it. It is an OS file lock ({@code fcntl}), which the
 * kernel drops when its process dies however it dies, so a lock file left by a killed run is simply
 * taken over. The file holds the owner's process id, for the message. Closing deletes it.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the run writing {@code options.out()}.
     *
     * @throws TrainingException (one sentence) when another live run holds it, or the lock file cannot be made
     */
    public static RunLock acquire(TrainOptions options) {
        Path file = options.lockFile();
        // A run that ends deletes its lock file; one opened just before that delete is a lock on a file no
        // longer in the folder. The token written below, read back through the path, tells: then take it again.
        for (int attempt = 0; attempt < 5; attempt++) {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very process (another Trainer in the same JVM)
                }
                if (lock == null) {
                    String owner = readOwner(file);
                    channel.close();
                    throw new TrainingException("Another training run" + (owner.isEmpty() ? "" : " (process " + owner + ")")
                            + " is writing " + options.out() + " (it holds " + file + "); wait for it to end or choose another --out.");
                }
                String token = ProcessHandle.current().pid() + " " + System.nanoTime();
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(false);
                String seen;
                try {
                    seen = Files.readString(file, StandardCharsets.US_ASCII).strip();
                } catch (NoSuchFileException e) {
                    seen = "";
                }
                if (seen.equals(token)) return new RunLock(file, channel, lock);
                channel.close(); // the file was replaced under us: try again
            } catch (IOException e) {
                closeQuietly(channel);
                throw new TrainingException("Cannot create the lock file " + file + " beside --out (" + e.getMessage() + ").", e);
            }
        }
        throw new TrainingException("Cannot take the lock file " + file + ": other runs keep replacing it.");
    }

    /** The process id written in the lock file, or "" when it cannot be read. */
    private static String readOwner(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the error being reported matters more
        }
    }

    /** Deletes the lock file (while still holding the lock), then releases it. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a lock file left behind is harmless: the next run takes it over
        }
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
