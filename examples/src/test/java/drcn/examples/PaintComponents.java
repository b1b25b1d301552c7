package drcn.examples;

import javax.imageio.ImageIO;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Runs a windowed TornadoVM program headless: its {@code main} would open a {@code JFrame} and let Swing call its
 * component's {@code paint}, where the TornadoVM work happens. This paints every {@code Component} class nested in
 * the program's main class onto an offscreen image instead and prints {@code PAINTED <class> <SHA-256 of the pixels>},
 * so the test can compare the pixels across backends.
 *
 * <pre>java -Djava.awt.headless=true drcn.examples.PaintComponents MAIN_CLASS</pre>
 * With {@code -Dpaint.input=FILE}, FILE (the picture such a program loads) is first made, a fixed random picture,
 * when it does not exist.
 */
public final class PaintComponents {
    static final String PAINTED = "PAINTED";

    public static void main(String[] args) throws Exception {
        if (args.length < 1) throw new IllegalArgumentException("usage: PaintComponents MAIN_CLASS");
        String input = System.getProperty("paint.input");
        if (input != null && !new File(input).exists()) writePicture(new File(input));
        Class<?> program = Class.forName(args[0]);
        int painted = 0;
        for (Class<?> nested : program.getDeclaredClasses()) {
            if (!Component.class.isAssignableFrom(nested) || java.lang.reflect.Modifier.isAbstract(nested.getModifiers())) continue;
            Constructor<?> constructor = nested.getDeclaredConstructor();
            constructor.setAccessible(true);
            var component = (Component) constructor.newInstance();
            Dimension size = component.getPreferredSize();
            var image = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = image.createGraphics();
            try {
                component.paint(graphics);
            } finally {
                graphics.dispose();
            }
            System.out.println(PAINTED + " " + nested.getSimpleName() + " " + digest(image));
            painted++;
        }
        if (painted == 0) throw new IllegalStateException(args[0] + " has no nested Component class to paint");
    }

    static String digest(BufferedImage image) throws NoSuchAlgorithmException {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4 + 8).putInt(image.getWidth()).putInt(image.getHeight());
        for (int p : pixels) bytes.putInt(p);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }

    /** A 320 x 240 picture of smooth gradients and noise: every channel varies, so a wrong kernel shows. */
    static void writePicture(File file) throws IOException {
        var image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        var random = new Random(12);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int r = (x * 255 / 319 + random.nextInt(32)) & 0xff;
                int g = (y * 255 / 239 + random.nextInt(32)) & 0xff;
                int b = ((x + y) * 3 + random.nextInt(64)) & 0xff;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        String name = file.getName();
        String format = name.substring(name.lastIndexOf('.') + 1);
        if (!ImageIO.write(image, format, file)) throw new IOException("no image writer for " + file);
    }
}
