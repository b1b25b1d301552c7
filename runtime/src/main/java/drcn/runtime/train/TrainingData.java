package drcn.runtime.train;

import drcn.runtime.image.Images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The images of a training folder, split into those the patches come from and a few held out for validation,
 * and the folder's identity as a model's metadata records it: its name and a checksum of its images, never a
 * path of the machine that trained.
 *
 * <p>Held out: the {@code holdout} images whose SHA-256 of the file name is smallest (ties: by name), so the split
 * depends only on the names, the same on every machine, in every invocation of a run and whatever the seed.
 *
 * <p>Checksum: SHA-256 of the text with one line {@code "<sha256 of the file>  <name>\n"} per image file, in
 * name order (Java's {@code String} order, which is C's byte order for ASCII names): what
 * {@code cd DIR && ls | LC_ALL=C sort | grep -iE '\.(png|bmp|jpe?g)$' | xargs sha256sum | sha256sum} prints.
 *
 * @param folder   the folder as given
 * @param training the images the patches come from, in name order
 * @param heldOut  the held-out images, in name order (empty when none are held out)
 * @param sha256   the checksum of all images of the folder (training and held out), lower-case hex
 */
public record TrainingData(Path folder, List<Path> training, List<Path> heldOut, String sha256) {

    /** The images of {@code folder} with {@code holdout} of them held out. */
    public static TrainingData of(Path folder, int holdout) {
        List<Path> files = Images.imageFiles(folder);
        if (holdout < 0) throw new TrainingException("--holdout must be 0 or more, not " + holdout + ".");
        if (holdout >= files.size()) {
            throw new TrainingException("--holdout " + holdout + " would leave no training images: " + folder + " holds " + files.size()
                    + " image" + (files.size() == 1 ? "" : "s") + "; hold out fewer, or validate on another folder with --validate DIR.");
        }
        List<Path> byHash = new ArrayList<>(files);
        byHash.sort(Comparator.comparing((Path p) -> hex(sha256(p.getFileName().toString().getBytes(StandardCharsets.UTF_8))))
                .thenComparing(p -> p.getFileName().toString()));
        List<Path> heldOut = byHash.subList(0, holdout).stream().sorted().toList();
        List<Path> training = files.stream().filter(p -> !heldOut.contains(p)).toList();
        return new TrainingData(folder, training, heldOut, checksum(files));
    }

    /** The folder's name: what the metadata records instead of its path. */
    public String name() { return name(folder); }

    /** The file names of the held-out images, comma-separated (empty when none). */
    public String heldOutNames() { return names(heldOut); }

    /** The checksum of the images of {@code folder} (see the class comment). */
    public static String checksum(Path folder) {
        return checksum(Images.imageFiles(folder));
    }

    static String name(Path folder) {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? folder.toString() : name.toString();
    }

    static String names(List<Path> files) {
        return String.join(",", files.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static String checksum(List<Path> sortedFiles) {
        StringBuilder lines = new StringBuilder();
        for (Path file : sortedFiles) {
            MessageDigest digest = digest();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            } catch (IOException e) {
                throw new TrainingException("Cannot read " + file + ": " + e.getMessage() + ".", e);
            }
            lines.append(hex(digest.digest())).append("  ").append(file.getFileName()).append('\n');
        }
        return hex(sha256(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
