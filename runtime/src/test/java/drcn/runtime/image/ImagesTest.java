package drcn.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir Path tmp;

    static Path data() { return DataDir.locate().orElseThrow(() -> new AssertionError("no data/Set5 found")); }

    static List<Path> files(String set) throws IOException {
        try (Stream<Path> s = Files.list(data().resolve(set))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** The raw samples of javax.imageio's raster: an independent decoder to check ours against. */
    static Image8 readWithImageIo(Path file) throws IOException {
        BufferedImage b = ImageIO.read(file.toFile());
        int w = b.getWidth(), h = b.getHeight();
        boolean gray = b.getRaster().getNumBands() == 1;
        Image8 out = new Image8(w, h, gray ? 1 : 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    out.set(x, y, 0, b.getRaster().getSample(x, y, 0));
                } else {
                    int p = b.getRGB(x, y);
                    out.set(x, y, 0, (p >> 16) & 0xFF);
                    out.set(x, y, 1, (p >> 8) & 0xFF);
                    out.set(x, y, 2, p & 0xFF);
                }
            }
        }
        return out;
    }

    @Test
    void readsSetFilesWithTheRightShapeAndSamples() throws IOException {
        for (String set : List.of("Set5", "Set14")) {
            for (Path f : files(set)) {
                Image8 img = Images.read(f);
                boolean bridge = f.getFileName().toString().equals("bridge.png");
                assertEquals(bridge ? 1 : 3, img.channels(), f + " channels");
                assertEquals(readWithImageIo(f), img, f + " samples differ from javax.imageio's");
            }
        }
        // Known pixels of bridge.png (decoded independently with zlib + PNG un-filtering).
        Image8 bridge = Images.read(data().resolve("Set14/bridge.png"));
        int[] row0 = new int[8];
        for (int x = 0; x < 8; x++) row0[x] = bridge.get(x, 0, 0);
        assertArrayEquals(new int[] {93, 81, 85, 85, 113, 125, 138, 142}, row0);
    }

    @Test
    void readsT91Bitmaps() throws IOException {
        List<Path> t91 = files("T91");
        assertEquals(91, t91.size());
        for (Path f : t91) {
            Image8 img = Images.read(f);
            assertEquals(3, img.channels(), f.toString());
            assertEquals(readWithImageIo(f), img, f + " samples differ from javax.imageio's");
        }
    }

    @Test
    void pngRoundTripIsBitExactForEverySetFile() throws IOException {
        for (String set : List.of("Set5", "Set14")) {
            for (Path f : files(set)) {
                Image8 img = Images.read(f);
                Path out = tmp.resolve(set + "-" + f.getFileName());
                Images.writePng(img, out);
                Image8 back = Images.read(out);
                assertEquals(img.channels(), back.channels(), f + " channels after round trip");
                assertEquals(img, back, f + " samples after round trip");
                assertEquals(img.isGray() ? 0 : 2, out.toFile().length() > 0 ? pngColorType(out) : -1);
            }
        }
    }

    @Test
    void randomImagesRoundTripThroughPngAndBmp() {
        Random rnd = new Random(42);
        for (int t = 0; t < 12; t++) {
            int w = 1 + rnd.nextInt(70), h = 1 + rnd.nextInt(70), ch = t % 2 == 0 ? 1 : 3;
            byte[] s = new byte[w * h * ch];
            rnd.nextBytes(s);
            Image8 img = new Image8(w, h, ch, s);
            Path png = tmp.resolve("r" + t + ".png");
            Images.write(img, png);
            assertEquals(img, Images.read(png), "png " + w + "x" + h + "x" + ch);
            if (ch == 3) {
                Path bmp = tmp.resolve("r" + t + ".bmp");
                Images.write(img, bmp);
                assertEquals(img, Images.read(bmp), "bmp " + w + "x" + h);
            }
        }
        // An RGB image with R = G = B stays RGB, a constant gray one stays gray.
        Image8 grayish = new Image8(5, 4, 3);
        for (int i = 0; i < grayish.samples().length; i++) grayish.samples()[i] = (byte) (i / 3 * 7);
        Images.writePng(grayish, tmp.resolve("grayish.png"));
        assertEquals(grayish, Images.read(tmp.resolve("grayish.png")));
        Image8 flat = new Image8(3, 3, 1);
        Arrays.fill(flat.samples(), (byte) 200);
        Images.writePng(flat, tmp.resolve("flat.png"));
        assertEquals(flat, Images.read(tmp.resolve("flat.png")));
    }

    @Test
    void readsBaselineProgressiveAndGrayJpeg() throws IOException {
        // A smooth image survives JPEG at quality 0.95 within a few levels.
        int w = 64, h = 48;
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb.setRGB(x, y, (x * 3 << 16) | (y * 4 << 8) | (128 + x - y));
                gray.getRaster().setSample(x, y, 0, 40 + 2 * x + y);
            }
        }
        for (boolean progressive : new boolean[] {false, true}) {
            Path f = tmp.resolve("smooth" + progressive + ".jpg");
            writeJpeg(rgb, f, progressive);
            Image8 img = Images.read(f);
            assertEquals(3, img.channels());
            int worst = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = rgb.getRGB(x, y);
                    for (int c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(img.get(x, y, c) - ((p >> (16 - 8 * c)) & 0xFF)));
                }
            }
            assertTrue(worst <= 6, "jpeg (progressive=" + progressive + ") off by " + worst);
        }
        Path g = tmp.resolve("gray.jpg");
        writeJpeg(gray, g, false);
        Image8 img = Images.read(g);
        assertEquals(1, img.channels());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) assertTrue(Math.abs(img.get(x, y, 0) - (40 + 2 * x + y)) <= 3, "gray jpeg at " + x + "," + y);
        }
    }

    private static void writeJpeg(BufferedImage img, Path f, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        if (progressive) p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }

    private static int pngColorType(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        return b[8 + 8 + 9] & 0xFF; // signature, chunk length + type, then IHDR width, height, bit depth
    }

    // ------------------------------------------------------------------ errors a user can cause

    /** One sentence naming the file: ends with '.', no line break, no stack trace, the path in it. */
    static void assertOneSentenceNaming(ImageException e, Path file) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message does not name the file: " + m);
        assertTrue(m.endsWith("."), "not a sentence: " + m);
        assertFalse(m.contains("\n"), "several lines: " + m);
        assertFalse(m.contains("Exception"), "leaks an exception class: " + m);
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = tmp.resolve("nope.png");
        ImageException e = assertThrows(ImageException.class, () -> Images.read(missing));
        assertOneSentenceNaming(e, missing);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.read(tmp)), tmp);
    }

    @Test
    void notAnImage() throws IOException {
        Path txt = tmp.resolve("notes.png");
        Files.writeString(txt, "hello, this is not a picture\n");
        ImageException e = assertThrows(ImageException.class, () -> Images.read(txt));
        assertOneSentenceNaming(e, txt);
        assertTrue(e.getMessage().contains("not a PNG, BMP or JPEG"), e.getMessage());
        Path empty = tmp.resolve("empty.bmp");
        Files.write(empty, new byte[0]);
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.read(empty)), empty);
    }

    @Test
    void truncatedOrCorruptPngIsRejected() throws IOException {
        byte[] baby = Files.readAllBytes(data().resolve("Set5/baby.png"));
        // Cut in the middle of the IDAT data, just before IEND, and only the last byte.
        for (int keep : new int[] {baby.length / 2, baby.length - 12, baby.length - 1, 20}) {
            Path cut = tmp.resolve("baby-" + keep + ".png");
            Files.write(cut, Arrays.copyOf(baby, keep));
            ImageException e = assertThrows(ImageException.class, () -> Images.read(cut), "kept " + keep + " bytes");
            assertOneSentenceNaming(e, cut);
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        }
        byte[] flipped = baby.clone();
        flipped[baby.length / 3] ^= 0x10;
        Path bad = tmp.resolve("baby-flipped.png");
        Files.write(bad, flipped);
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.read(bad)), bad);
    }

    @Test
    void truncatedBmpAndJpegAreRejected() throws IOException {
        byte[] t1 = Files.readAllBytes(data().resolve("T91/t1.bmp"));
        Path cut = tmp.resolve("t1-cut.bmp");
        Files.write(cut, Arrays.copyOf(t1, t1.length - 600));
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.read(cut)), cut);

        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Path jpg = tmp.resolve("whole.jpg");
        writeJpeg(img, jpg, false);
        byte[] j = Files.readAllBytes(jpg);
        Path cutJpg = tmp.resolve("cut.jpg");
        Files.write(cutJpg, Arrays.copyOf(j, j.length - 40));
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.read(cutJpg)), cutJpg);
    }

    @Test
    void pixelLimitIsCheckedBeforeDecoding() {
        Path baby = data().resolve("Set5/baby.png");
        ImageException e = assertThrows(ImageException.class, () -> Images.read(baby, 512 * 512 - 1));
        assertOneSentenceNaming(e, baby);
        assertTrue(e.getMessage().contains("512x512"), e.getMessage());
        assertEquals(512, Images.read(baby, 512 * 512).width());
    }

    @Test
    void unwritableTargetIsAnImageException() throws IOException {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "x");
        Path target = blocker.resolve("sub/out.png"); // a folder under a plain file cannot be made
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.writePng(new Image8(2, 2, 1), target)), target);
        Path tiff = tmp.resolve("out.tiff");
        assertOneSentenceNaming(assertThrows(ImageException.class, () -> Images.write(new Image8(2, 2, 1), tiff)), tiff);
    }

    @Test
    void imageFilesAreTheVisibleImagesOfAFolderSortedByName() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("images"));
        for (String name : List.of("b.PNG", "a.jpeg", "c.bmp", "d.jpg", ".hidden.png", "notes.txt")) Files.write(folder.resolve(name), new byte[] {1});
        Files.createDirectories(folder.resolve("folder.png"));
        assertEquals(List.of("a.jpeg", "b.PNG", "c.bmp", "d.jpg"),
                Images.imageFiles(folder).stream().map(p -> p.getFileName().toString()).toList());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.write(empty.resolve("readme.txt"), new byte[] {1});
        assertEquals("Folder " + empty + " holds no .png, .bmp or .jpg images.",
                assertThrows(ImageException.class, () -> Images.imageFiles(empty)).getMessage());
        assertEquals("Folder " + tmp.resolve("missing") + " does not exist.",
                assertThrows(ImageException.class, () -> Images.imageFiles(tmp.resolve("missing"))).getMessage());
        assertEquals(folder.resolve("notes.txt") + " is not a folder.",
                assertThrows(ImageException.class, () -> Images.imageFiles(folder.resolve("notes.txt"))).getMessage());
    }
}
