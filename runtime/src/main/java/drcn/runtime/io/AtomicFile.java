package drcn.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Files written whole or not at all: the bytes go to a hidden temporary file in the target's folder
 * ({@code .NAME.<n>.tmp}, same file system), are forced to disk, and the file is then renamed over the
 * target. A reader never sees half a file, and a failure leaves the target as it was.
 *
 * <p>Permissions: a new file gets the user's umask (0666 minus the umask, as any program's new file;
 * {@code Files.createTempFile} would force 0600); a replaced file keeps its own permissions.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {}

    /** What goes into the file. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code file} atomically. */
    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = temporary(target, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            replace(temp, target);
            temp = null;
        } finally {
            deleteQuietly(temp);
        }
    }

    /** {@link #write(Path, Content)} of a byte array. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Creates an empty hidden temporary file {@code .NAME.<n>SUFFIX} beside {@code target}, with the user's umask.
     * The caller fills it and {@link #replace}s the target with it (or deletes it).
     */
    public static Path temporary(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        while (true) {
            Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + suffix);
            try {
                // No file attributes given: the OS applies the umask to 0666.
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    /** Renames {@code temp} over {@code target} (atomically where the file system can); an existing target's permissions are kept. */
    public static void replace(Path temp, Path target) throws IOException {
        if (Files.isRegularFile(target) && temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes the temporary files that a writer of {@code target} killed mid-write left behind ({@code .NAME.<digits>.tmp}
     * and {@code .NAME.<digits>.part*}). Only call it while no other process can be writing {@code target}.
     *
     * @return how many were removed
     */
    public static int removeStale(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Pattern stale = Pattern.compile(Pattern.quote("." + target.getFileName() + ".") + "[0-9]+(\\.tmp|\\.part.*)");
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + glob(target.getFileName().toString()) + ".*")) {
            for (Path p : entries) {
                if (stale.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p) && Files.deleteIfExists(p)) removed++;
            }
        }
        return removed;
    }

    private static String glob(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /** Best effort: an error while cleaning up must not hide the error being reported. */
    public static void deleteQuietly(Path temp) {
        if (temp == null) return;
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the original error is the news
        }
    }
}
