package drcn.runtime.train;

import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The held-out split and the checksum of a training folder, on folders of small flat gray images. */
class TrainingDataTest {
    @TempDir Path root;

    /** {@code count} gray 30x30 PNGs, image i flat at gray level 20 + 10 i (so a patch's pixels name its image). */
    private static Path flatImages(Path folder, int count) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Image8 image = new Image8(30, 30, 1);
            for (int y = 0; y < 30; y++) for (int x = 0; x < 30; x++) image.set(x, y, 0, 20 + 10 * i);
            Images.writePng(image, folder.resolve(String.format("img%02d.png", i)));
        }
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        return folder;
    }

    @Test
    void heldOutImagesNeverAppearInTheTrainingPatches() throws Exception {
        Path folder = flatImages(root.resolve("flat"), 12);
        TrainingData data = TrainingData.of(folder, 3);
        assertEquals(3, data.heldOut().size());
        assertEquals(9, data.training().size());
        Set<Path> all = new HashSet<>(data.training());
        all.addAll(data.heldOut());
        assertEquals(new HashSet<>(Images.imageFiles(folder)), all, "the split covers every image once");

        Set<Float> heldOutLevels = new HashSet<>(), trainingLevels = new HashSet<>();
        for (Path p : data.heldOut()) heldOutLevels.add(level(p));
        for (Path p : data.training()) trainingLevels.add(level(p));
        PatchSet patches = PatchSet.load(data.training(), 3, 9, 7, 1);
        assertEquals(9, patches.images());
        float[] in = new float[81], target = new float[81];
        Set<Float> seen = new HashSet<>();
        for (int index = 0; index < patches.size(); index++) {
            patches.copyPatch(index, in, target, 0);
            for (float v : target) seen.add(v);
        }
        assertEquals(trainingLevels, seen, "every patch comes from a training image, and every training image gives patches");
        for (Float v : heldOutLevels) assertFalse(seen.contains(v), "a held-out image's pixels are in a training patch");
    }

    /** Y / 255 of a flat gray image, as PatchSet makes it. */
    private static float level(Path file) {
        return (float) (Images.read(file).get(0, 0, 0) / 255.0);
    }

    @Test
    void theSplitDependsOnTheNamesAlone() throws Exception {
        Path a = flatImages(root.resolve("a"), 12), b = root.resolve("b");
        Files.createDirectories(b);
        // the same names with other contents, listed from another folder
        for (Path p : Images.imageFiles(a)) Files.write(b.resolve(p.getFileName()), Files.readAllBytes(Images.imageFiles(a).getFirst()));
        List<String> first = names(TrainingData.of(a, 4).heldOut()), again = names(TrainingData.of(a, 4).heldOut());
        assertEquals(first, again);
        assertEquals(first, names(TrainingData.of(b, 4).heldOut()));
        assertEquals(List.of(), names(TrainingData.of(a, 0).heldOut()));
        // not simply the first or last names: held out by a hash of each name
        assertNotEquals(List.of("img00.png", "img01.png", "img02.png", "img03.png"), first);
        assertTrue(first.containsAll(names(TrainingData.of(a, 2).heldOut())), "holding out fewer keeps a subset");
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void theChecksumIsSha256sumOfTheImagesInNameOrder() throws Exception {
        Path folder = flatImages(root.resolve("sum"), 3);
        StringBuilder lines = new StringBuilder();
        for (Path p : Images.imageFiles(folder)) {
            lines.append(hex(Files.readAllBytes(p))).append("  ").append(p.getFileName()).append('\n');
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
        TrainingData data = TrainingData.of(folder, 1);
        assertEquals(expected, data.sha256());
        assertEquals(expected, TrainingData.checksum(folder), "held-out images count: the checksum is the folder's");
        assertEquals("sum", data.name());

        Files.writeString(folder.resolve("notes.txt"), "other text");
        assertEquals(expected, TrainingData.checksum(folder), "files other than images do not count");
        Files.move(folder.resolve("img02.png"), folder.resolve("img03.png"));
        assertNotEquals(expected, TrainingData.checksum(folder), "a renamed image changes it");
        Files.move(folder.resolve("img03.png"), folder.resolve("img02.png"));
        byte[] bytes = Files.readAllBytes(folder.resolve("img01.png"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(folder.resolve("img01.png"), bytes);
        assertNotEquals(expected, TrainingData.checksum(folder), "a changed byte changes it");
    }

    private static String hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void holdingOutEveryImageIsRefusedInOneSentence() throws Exception {
        Path folder = flatImages(root.resolve("few"), 3);
        TrainingException e = assertThrows(TrainingException.class, () -> TrainingData.of(folder, 3));
        assertTrue(e.getMessage().startsWith("--holdout 3 would leave no training images"), e.getMessage());
    }
}
