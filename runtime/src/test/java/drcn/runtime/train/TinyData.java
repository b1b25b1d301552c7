package drcn.runtime.train;

import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;

import java.nio.file.Files;
import java.nio.file.Path;

/** Small training and validation folders cut from T91 (so the tests stay fast on the JVM backend). */
final class TinyData {
    private TinyData() {}

    /** {@code count} crops of {@code side} x {@code side} from T91 images starting at {@code first}, as PNGs in {@code folder}. */
    static Path crops(Path folder, int first, int count, int side) throws Exception {
        Path t91 = DataDir.locate().orElseThrow().resolve("T91");
        Files.createDirectories(folder);
        var files = Images.imageFiles(t91);
        for (int i = 0; i < count; i++) {
            Image8 image = Images.read(files.get(first + i));
            int x0 = (image.width() - side) / 2, y0 = (image.height() - side) / 2;
            Images.writePng(image.crop(x0, y0, side, side), folder.resolve("img" + i + ".png"));
        }
        return folder;
    }
}
