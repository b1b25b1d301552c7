package drcn.runtime.eval;

import drcn.runtime.UserException;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;

import drcn.runtime.io.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes result images so that a failure leaves nothing behind: each goes to a hidden temporary file
 * in its target's folder (same file system, so the rename is atomic), and only when every one is
 * complete are they renamed into place. A reader never sees a half-written image. New files get the
 * user's umask; a replaced file keeps its permissions ({@link AtomicFile}).
 */
public final class AtomicOutput {
    private AtomicOutput() {}

    /**
     * Checks an output path before any work is done: a .png or .bmp name in an existing folder.
     *
     * @param pngOnly whether only PNG is allowed (the comparison image)
     */
    public static void checkWritable(Path file, String what, boolean pngOnly) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean ok = name.endsWith(".png") || (!pngOnly && name.endsWith(".bmp"));
        if (!ok) {
            throw new UserException("The " + what + " " + file + " must be named *.png" + (pngOnly ? "" : " or *.bmp") + ".");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserException("The folder of the " + what + " " + file + " does not exist.");
        }
        if (Files.isDirectory(file)) throw new UserException("The " + what + " " + file + " is a folder.");
    }

    /** Writes every image to its path, all or none. */
    public static void write(Map<Path, Image8> images) {
        Map<Path, Path> temporaries = new LinkedHashMap<>();
        try {
            for (var e : images.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                String name = target.getFileName().toString();
                String extension = name.substring(name.lastIndexOf('.'));   // Images.write picks the format from it
                Path temp = AtomicFile.temporary(target, ".part" + extension);
                temporaries.put(temp, target);
                Images.write(e.getValue(), temp);
            }
            for (var e : temporaries.entrySet()) AtomicFile.replace(e.getKey(), e.getValue());
            temporaries.clear();
        } catch (IOException e) {
            throw new UserException("Cannot write " + String.join(" and ", images.keySet().stream().map(Path::toString).toList())
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
        } finally {
            temporaries.keySet().forEach(AtomicFile::deleteQuietly);
        }
    }

    /**
     * Writes {@code data} to {@code file} through a hidden temporary file in its folder, renamed into place
     * when complete (replacing an existing file); a failure leaves nothing behind.
     */
    public static void writeBytes(Path file, byte[] data) {
        try {
            AtomicFile.write(file, data);
        } catch (IOException e) {
            throw new UserException("Cannot write " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ").", e);
        }
    }
}
