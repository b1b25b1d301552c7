package drcn.runtime.image;

import java.awt.Dimension;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.stream.Stream;
import java.util.zip.Inflater;

import javax.imageio.ImageIO;

import org.apache.commons.imaging.ImageInfo;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.formats.bmp.BmpImageParser;
import org.apache.commons.imaging.formats.bmp.BmpImagingParameters;
import org.apache.commons.imaging.formats.jpeg.JpegImageParser;
import org.apache.commons.imaging.formats.jpeg.JpegImagingParameters;
import org.apache.commons.imaging.formats.png.PngImageParser;
import org.apache.commons.imaging.formats.png.PngImagingParameters;

/**
 * Reads PNG, BMP and JPEG files into {@link Image8} and writes PNG and BMP.
 *
 * <p>Decoding is done by Apache Commons Imaging, except for gray files (its gray images carry
 * colour-converted samples, see {@link #read(Path, long)}) and for JPEGs that it cannot decode
 * (progressive ones, for instance): those go to the JDK's {@code javax.imageio}. Before decoding, the file's structure
 * is checked here so that a damaged file is rejected instead of being read partially: a PNG must
 * have whole chunks with correct CRCs up to IEND, an uncompressed BMP must hold all of its rows,
 * and a JPEG must end with the EOI marker. The pixel count is checked from the header, before any
 * pixel is decoded, and so are a PNG's compressed ancillary chunks (zTXt, iTXt, iCCP): together they may
 * inflate to at most {@link #MAX_ANCILLARY_INFLATED} bytes (libpng's default cache limit is 8 MB), since the
 * decoder inflates them whole while reading the header. Only regular files are read (not devices or FIFOs),
 * and only as many bytes as an image of the pixel limit can need. Top-down BMPs (negative height), which
 * Commons Imaging refuses, are decoded by {@code javax.imageio}.
 *
 * <p>Gray files (PNG colour type 0, gray JPEG) give 1 channel; everything else 3 (R, G, B). Alpha
 * is dropped (not composited). 16-bit PNGs are reduced to 8 bits by the decoder. Every error a user
 * can cause is an {@link ImageException} whose message is one sentence naming the file.
 */
public final class Images {
    /** Default pixel limit of {@link #read(Path)}: 100 Mpixel (2.4 GB as doubles for 3 planes). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** The most bytes a PNG's compressed ancillary chunks (zTXt, iTXt, iCCP) may inflate to, all together. */
    public static final long MAX_ANCILLARY_INFLATED = 8L << 20;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private enum Format { PNG, BMP, JPEG }

    private Images() {}

    /**
     * The PNG, BMP and JPEG files of a folder (regular files, not hidden ones), sorted by name so that training
     * sees its patches and evaluation its rows in the same order everywhere.
     */
    public static List<Path> imageFiles(Path folder) {
        if (!Files.exists(folder)) throw new ImageException("Folder " + folder + " does not exist.");
        if (!Files.isDirectory(folder)) throw new ImageException(folder + " is not a folder.");
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).filter(Images::isImageName).sorted().toList();
        } catch (IOException e) {
            throw new ImageException("Cannot list folder " + folder + " (" + e.getMessage() + ").", e);
        }
        if (files.isEmpty()) throw new ImageException("Folder " + folder + " holds no .png, .bmp or .jpg images.");
        return files;
    }

    private static boolean isImageName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".bmp") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** {@link #read(Path, long)} with {@link #DEFAULT_MAX_PIXELS}. */
    public static Image8 read(Path file) { return read(file, DEFAULT_MAX_PIXELS); }

    /**
     * Reads a PNG, BMP or JPEG file (the format is told by the file's first bytes, not its name).
     *
     * @param maxPixels the largest {@code width * height} accepted
     * @throws ImageException if the file is missing, unreadable, not such an image, damaged, or too large
     */
    public static Image8 read(Path file, long maxPixels) {
        byte[] bytes = readBytes(file, maxPixels);
        Format format = sniff(bytes);
        if (format == null) throw new ImageException("File " + file + " is not a PNG, BMP or JPEG image.");

        String damage = switch (format) {
            case PNG -> checkPng(bytes);
            case BMP -> checkBmp(bytes);
            case JPEG -> checkJpeg(bytes);
        };
        if (damage != null) throw new ImageException(format + " file " + file + " is truncated or corrupt (" + damage + ").");
        if (format == Format.PNG) {
            long inflated = pngAncillaryInflated(bytes, MAX_ANCILLARY_INFLATED);
            if (inflated > MAX_ANCILLARY_INFLATED) {
                throw new ImageException("PNG file " + file + " has text or ICC chunks that inflate to more than "
                        + (MAX_ANCILLARY_INFLATED >> 20) + " MiB, so it is refused before decoding.");
            }
        }

        ByteSource source = ByteSource.array(bytes, file.getFileName().toString());
        // Top-down BMP: a negative height in the (40-byte or longer) info header.
        boolean topDownBmp = format == Format.BMP && bytes.length >= 26 && le32(bytes, 14) >= 40 && le32(bytes, 22) < 0;
        Dimension size;
        ImageInfo.ColorType colorType;
        if (topDownBmp) {
            size = new Dimension(le32(bytes, 18), -le32(bytes, 22));
            colorType = ImageInfo.ColorType.RGB;
        } else {
            ImageInfo info;
            try {
                // Header only: size and colour type, before any pixel is decoded.
                info = switch (format) {
                    case PNG -> new PngImageParser().getImageInfo(source, new PngImagingParameters());
                    case BMP -> new BmpImageParser().getImageInfo(source, new BmpImagingParameters());
                    case JPEG -> new JpegImageParser().getImageInfo(source, new JpegImagingParameters());
                };
            } catch (IOException | RuntimeException e) {
                throw new ImageException("Cannot read the header of " + format + " file " + file + " (" + reason(e) + ").", e);
            }
            size = new Dimension(info.getWidth(), info.getHeight());
            colorType = info.getColorType();
        }
        long pixels = (long) size.width * size.height;
        if (size.width <= 0 || size.height <= 0) {
            throw new ImageException(format + " file " + file + " declares an empty size " + size.width + "x" + size.height + ".");
        }
        if (pixels > maxPixels) {
            throw new ImageException("Image " + file + " is " + size.width + "x" + size.height + " (" + pixels
                    + " pixels), over the limit of " + maxPixels + " pixels.");
        }

        boolean gray = colorType == ImageInfo.ColorType.GRAYSCALE || colorType == ImageInfo.ColorType.BW;
        BufferedImage decoded;
        try {
            if (gray || topDownBmp) {
                // Commons Imaging 1.0.0-alpha6 hands gray files back as TYPE_BYTE_GRAY images whose
                // samples went through the linear-gray colour space (bridge.png: 93 becomes 28), which
                // cannot be undone exactly. javax.imageio keeps the file's samples in the raster.
                // It also reads top-down BMPs, which Commons Imaging refuses.
                decoded = ImageIO.read(new ByteArrayInputStream(bytes));
            } else {
                decoded = switch (format) {
                    case PNG -> new PngImageParser().getBufferedImage(source, new PngImagingParameters());
                    case BMP -> new BmpImageParser().getBufferedImage(source, new BmpImagingParameters());
                    case JPEG -> decodeJpeg(source, bytes);
                };
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageException("Cannot decode " + format + " file " + file + " (" + reason(e) + ").", e);
        }
        if (decoded == null || decoded.getWidth() != size.width || decoded.getHeight() != size.height) {
            throw new ImageException("Cannot decode " + format + " file " + file + " (the decoder returned no image of the declared size).");
        }
        return toImage8(decoded, gray || isGrayRaster(decoded));
    }

    /** Writes {@code image} as PNG or BMP, chosen by the file name's extension ({@code .png} / {@code .bmp}). */
    public static void write(Image8 image, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) writePng(image, file);
        else if (name.endsWith(".bmp")) writeBmp(image, file);
        else throw new ImageException("Cannot write image " + file + ": the name must end in .png or .bmp.");
    }

    /**
     * Writes an 8-bit PNG: gray (colour type 0) for a 1-channel image, RGB (colour type 2) for a
     * 3-channel one, even when R = G = B everywhere. Reading it back gives the same samples.
     */
    public static void writePng(Image8 image, Path file) {
        PngImagingParameters params = new PngImagingParameters();
        params.setBitDepth((byte) 8);
        // Commons Imaging writes a gray PNG when every pixel has R = G = B, unless forced to true colour.
        params.setForceTrueColor(!image.isGray());
        writeWith(image, file, out -> new PngImageParser().writeImage(toBufferedImage(image), out, params));
    }

    /**
     * Writes a BMP: 24-bit for images of more than 256 colours, 8-bit with a palette otherwise
     * (Commons Imaging's choice). A gray image reads back as 3 channels with R = G = B.
     */
    public static void writeBmp(Image8 image, Path file) {
        writeWith(image, file, out -> new BmpImageParser().writeImage(toBufferedImage(image), out, new BmpImagingParameters()));
    }

    // ---------------------------------------------------------------- reading helpers

    /**
     * The file's bytes: a regular file only (a device such as /dev/zero never ends), and at most as many bytes
     * as an image of {@code maxPixels} can need (8 bytes a pixel: 16-bit RGBA), plus 64 MiB for headers and metadata.
     */
    private static byte[] readBytes(Path file, long maxPixels) {
        if (Files.isDirectory(file)) throw new ImageException("Path " + file + " is a directory, not an image file.");
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new ImageException("Image file " + file + " is not a regular file (a device, pipe or socket).");
            }
            long limit = Math.min(Integer.MAX_VALUE - 16L, (64L << 20) + 8 * Math.min(maxPixels, Integer.MAX_VALUE));
            if (attributes.size() > limit) {
                throw new ImageException("Image file " + file + " is " + attributes.size() + " bytes, more than an image of at most "
                        + maxPixels + " pixels can need.");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageException("Image file " + file + " does not exist.", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageException("Cannot read image file " + file + " (" + reason(e) + ").", e);
        }
    }

    private static Format sniff(byte[] b) {
        if (b.length >= 8 && java.util.Arrays.equals(b, 0, 8, PNG_SIGNATURE, 0, 8)) return Format.PNG;
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') return Format.BMP;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) return Format.JPEG;
        return null;
    }

    /**
     * PNG layout: signature, then chunks of (4-byte big-endian length, 4-byte type, data, CRC-32 of
     * type + data) up to IEND. Returns what is wrong, or null.
     */
    static String checkPng(byte[] b) {
        int pos = 8;
        boolean sawIhdr = false, sawIdat = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 8 > b.length) return "the file ends at byte " + b.length + " before the IEND chunk";
            long length = ByteBuffer.wrap(b, pos, 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0xFFFFFFFFL;
            String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (pos + 12 + length > b.length) {
                return "chunk " + type + " at byte " + pos + " runs past the end of the file at byte " + b.length;
            }
            crc.reset();
            crc.update(b, pos + 4, (int) (4 + length));
            long stored = ByteBuffer.wrap(b, (int) (pos + 8 + length), 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0xFFFFFFFFL;
            if (crc.getValue() != stored) return "chunk " + type + " at byte " + pos + " has a wrong CRC";
            if (!sawIhdr && !type.equals("IHDR")) return "the first chunk is " + type + ", not IHDR";
            sawIhdr = true;
            if (type.equals("IDAT")) sawIdat = true;
            pos += (int) (12 + length);
            if (type.equals("IEND")) return sawIdat ? null : "there is no IDAT chunk";
        }
    }

    /**
     * The bytes that the compressed ancillary chunks zTXt, iCCP (keyword, NUL, method, data) and iTXt with
     * its compression flag set (keyword, NUL, flag, method, language, NUL, translated keyword, NUL, data)
     * inflate to, all together; counting stops once past {@code cap}. The chunk layout was checked by
     * {@link #checkPng}. Damaged compressed data counts what inflated before the damage (the decoder reports it).
     */
    static long pngAncillaryInflated(byte[] b, long cap) {
        long total = 0;
        int pos = 8;
        while (pos + 12 <= b.length && total <= cap) {
            int length = ByteBuffer.wrap(b, pos, 4).order(ByteOrder.BIG_ENDIAN).getInt();
            String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int data = pos + 8, end = data + length;
            int compressed = switch (type) {
                case "zTXt", "iCCP" -> {
                    int nul = indexOf(b, data, end, 0);
                    yield nul < 0 ? -1 : nul + 2;
                }
                case "iTXt" -> {
                    int nul = indexOf(b, data, end, 0);
                    if (nul < 0 || nul + 1 >= end || b[nul + 1] == 0) yield -1; // not compressed
                    int language = indexOf(b, nul + 3, end, 0);
                    int translated = language < 0 ? -1 : indexOf(b, language + 1, end, 0);
                    yield translated < 0 ? -1 : translated + 1;
                }
                default -> -1;
            };
            if (compressed >= 0 && compressed <= end) total += inflatedSize(b, compressed, end - compressed, cap - total);
            if (type.equals("IEND")) break;
            pos = end + 4;
        }
        return total;
    }

    private static int indexOf(byte[] b, int from, int to, int value) {
        for (int i = from; i < to; i++) if (b[i] == value) return i;
        return -1;
    }

    /** How many bytes the zlib stream inflates to, stopping once past {@code cap}. */
    private static long inflatedSize(byte[] b, int offset, int length, long cap) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b, offset, length);
            byte[] buffer = new byte[64 << 10];
            long total = 0;
            while (!inflater.finished() && total <= cap) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                total += n;
            }
            return total;
        } catch (DataFormatException e) {
            return 0;
        } finally {
            inflater.end();
        }
    }

    private static int le32(byte[] b, int offset) {
        return ByteBuffer.wrap(b, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** An uncompressed (BI_RGB) BMP must hold {@code offset + rowBytes * height} bytes. Returns what is wrong, or null. */
    static String checkBmp(byte[] b) {
        if (b.length < 30) return "the file is only " + b.length + " bytes long";
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long offset = h.getInt(10) & 0xFFFFFFFFL;
        long headerSize = h.getInt(14) & 0xFFFFFFFFL;
        if (headerSize < 40) return null; // OS/2 1.x header: left to the decoder
        if (b.length < 14 + 40) return "the file is only " + b.length + " bytes long";
        long width = h.getInt(18);
        long height = Math.abs((long) h.getInt(22));
        int bitsPerPixel = h.getShort(28) & 0xFFFF;
        int compression = h.getInt(30);
        if (compression != 0) return null; // RLE / bitfields: left to the decoder
        long rowBytes = (bitsPerPixel * width + 31) / 32 * 4;
        long need = offset + rowBytes * height;
        if (width <= 0 || need > b.length) return "the pixel data needs " + need + " bytes but the file has " + b.length;
        return null;
    }

    /** A JPEG must end with the EOI marker FF D9 (trailing zero or blank bytes allowed). Returns what is wrong, or null. */
    static String checkJpeg(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == ' ')) end--;
        if (end >= 4 && (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9) return null;
        return "it does not end with the JPEG end-of-image marker";
    }

    /** Commons Imaging decodes baseline JPEG; anything it refuses (progressive, arithmetic) goes to javax.imageio. */
    private static BufferedImage decodeJpeg(ByteSource source, byte[] bytes) throws IOException {
        try {
            return new JpegImageParser().getBufferedImage(source, new JpegImagingParameters());
        } catch (ImagingException | RuntimeException e) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) throw e;
            return img;
        }
    }

    private static boolean isGrayRaster(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && img.getRaster().getNumBands() <= 2; // gray, or gray + alpha
    }

    /** An image in memory as 8-bit samples: 1 channel when its raster is gray, else R, G, B (alpha dropped). */
    public static Image8 fromBufferedImage(BufferedImage img) {
        return toImage8(img, isGrayRaster(img));
    }

    private static Image8 toImage8(BufferedImage img, boolean gray) {
        int w = img.getWidth(), h = img.getHeight();
        if (isGrayRaster(img)) {
            // Raw raster samples: getRGB() would push them through the (linear) gray colour space.
            // 16-bit samples keep their high byte; 1/2/4-bit ones are stretched to 0..255.
            int bits = img.getColorModel().getComponentSize(0);
            int shift = Math.max(0, bits - 8);
            int max = (1 << Math.min(bits, 8)) - 1;
            Image8 out = new Image8(w, h, 1);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRaster().getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = row[x] >>> shift;
                    out.samples()[y * w + x] = (byte) (bits >= 8 ? v : v * 255 / max);
                }
            }
            return out;
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        if (gray) {
            boolean allEqual = true;
            for (int p : argb) {
                int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, bl = p & 0xFF;
                if (r != g || g != bl) { allEqual = false; break; }
            }
            if (allEqual) {
                Image8 out = new Image8(w, h, 1);
                for (int i = 0; i < argb.length; i++) out.samples()[i] = (byte) argb[i];
                return out;
            }
        }
        Image8 out = new Image8(w, h, 3);
        byte[] s = out.samples();
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            s[3 * i] = (byte) (p >> 16);
            s[3 * i + 1] = (byte) (p >> 8);
            s[3 * i + 2] = (byte) p;
        }
        return out;
    }

    // ---------------------------------------------------------------- writing helpers

    /** An opaque TYPE_INT_RGB image; gray samples are replicated into R, G and B. */
    public static BufferedImage toBufferedImage(Image8 image) {
        int w = image.width(), h = image.height(), ch = image.channels();
        byte[] s = image.samples();
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int r = s[i * ch] & 0xFF;
            int g = ch == 1 ? r : s[i * ch + 1] & 0xFF;
            int b = ch == 1 ? r : s[i * ch + 2] & 0xFF;
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    private interface Writer { void write(OutputStream out) throws IOException; }

    private static void writeWith(Image8 image, Path file, Writer writer) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
                writer.write(out);
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageException("Cannot write image " + file + " (" + reason(e) + ").", e);
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        m = m.strip().replaceAll("\\s+", " ");
        while (m.endsWith(".")) m = m.substring(0, m.length() - 1);
        return m;
    }
}
