package drcn.runtime.model;

import drcn.runtime.model.Safetensors.Contents;
import drcn.runtime.model.Safetensors.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsTest {
    @TempDir Path dir;

    // ------------------------------------------------------------------------------ round trip

    @Test
    void roundTripIsBitExact() {
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-40f,
                Float.MAX_VALUE, -Float.MAX_VALUE, 3.4e38f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NaN, 0.1f, (float) Math.PI};
        float[] random = new float[2 * 3 * 5 * 7];
        Random rnd = new Random(42);
        for (int i = 0; i < random.length; i++) random[i] = Float.intBitsToFloat(rnd.nextInt());  // every bit pattern
        List<Tensor> tensors = List.of(
                new Tensor("b.special", new int[] {special.length}, special),
                new Tensor("a.random", new int[] {2, 3, 5, 7}, random),
                new Tensor("scalar", new int[] {}, new float[] {-0f}),
                new Tensor("empty", new int[] {0, 3}, new float[0]));
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, tensors, Map.of());

        // The format carries every bit pattern; read() then refuses the NaN and infinities (see below).
        Contents back;
        try {
            back = Safetensors.parse(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(tensors.size(), back.tensors().size());
        for (Tensor t : tensors) {
            Tensor r = back.require(t.name());
            assertArrayEquals(t.shape(), r.shape(), t.name());
            assertArrayEquals(bits(t.data()), bits(r.data()), t.name());
        }
        assertTrue(back.metadata().isEmpty());
    }

    @Test
    void savedFileIsNotPrivate() throws IOException {
        // The temp file behind the atomic write starts rw-------; the result must not stay so.
        Path file = dir.resolve("p.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {1}, new float[] {1})), Map.of());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void metadataRoundTrips() {
        Map<String, String> meta = Map.of("format", "drcn", "filters", "256", "note", "ünïcödé \"quoted\" \n new line", "empty", "");
        Path file = dir.resolve("meta.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {1}, new float[] {2f})), meta);
        assertEquals(meta, Safetensors.read(file).metadata());
    }

    @Test
    void writtenFileFollowsTheSpecLayout() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        Safetensors.write(file, List.of(
                new Tensor("z", new int[] {3}, new float[] {1, 2, 3}),
                new Tensor("a", new int[] {1, 1}, new float[] {4})), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes so the data is aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        assertEquals(header.stripTrailing() + " ".repeat(header.length() - header.stripTrailing().length()), header);
        // Tensors in name order: "a" first at offset 0.
        assertTrue(header.contains("\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}"), header);
        assertTrue(header.contains("\"z\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}"), header);
        assertEquals(8 + n + 16, bytes.length);
        assertEquals(4f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + (int) n));
    }

    @Test
    void readsOtherFloatDtypesAsFloat() {
        ByteBuffer data = ByteBuffer.allocate(8 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(-2.5);
        data.putShort(Float.floatToFloat16(0.333f)).putShort(Float.floatToFloat16(-65504f));
        data.putShort((short) (Float.floatToRawIntBits(1.5f) >>> 16)).putShort((short) (Float.floatToRawIntBits(-3f) >>> 16));
        Path file = raw("dtypes", """
                {"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},
                 "h":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},
                 "b":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]}}""", data.array());
        Contents c = Safetensors.read(file);
        assertArrayEquals(new float[] {-2.5f}, c.require("d").data());
        assertArrayEquals(new float[] {Float.float16ToFloat(Float.floatToFloat16(0.333f)), -65504f}, c.require("h").data());
        assertArrayEquals(new float[] {1.5f, -3f}, c.require("b").data());
    }

    @Test
    void requireChecksPresenceAndShape() {
        Path file = dir.resolve("r.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {2, 1}, new float[] {1, 2})), Map.of());
        Contents c = Safetensors.read(file);
        assertEquals(2, c.require("w", 2, 1).size());
        assertMessage(assertThrows(ModelFileException.class, () -> c.require("w", 1, 2)), file, "shape [2, 1]");
        assertMessage(assertThrows(ModelFileException.class, () -> c.require("missing")), file, "no tensor named 'missing'");
        assertMessage(assertThrows(ModelFileException.class, () -> c.requireMetadata("format")), file, "no metadata entry 'format'");
    }

    // ------------------------------------------------------------------------------ rejections

    @Test
    void rejectsMissingFile() {
        Path file = dir.resolve("nope.safetensors");
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "does not exist");
    }

    @Test
    void rejectsAFileThatIsNotSafetensors() throws IOException {
        Path png = dir.resolve("image.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(png)), png, "not a safetensors file");

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(tiny)), tiny, "not a safetensors file");

        // A plausible length but a header that is not JSON at all.
        Path text = raw("text", "hello world, not json", new byte[0]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(text)), text, "not a safetensors file");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {4, 4}, new float[16])), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "truncated");

        // Cut inside the header: the length field promises more than there is.
        Files.write(file, Arrays.copyOf(bytes, 20));
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "truncated");
    }

    @Test
    void refusesDevicesAndFifosAtOnce() throws Exception {
        // /dev/zero reports size 0 and never ends: a reader that trusted the size would run until OutOfMemoryError.
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            ModelFileException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> assertThrows(ModelFileException.class, () -> Safetensors.read(zero)));
            assertMessage(e, zero, "not a regular file");
        }
        Path fifo = dir.resolve("pipe.safetensors");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            return;
        }
        if (mkfifo.waitFor() == 0) {
            // Opening a FIFO nobody writes to blocks forever; it must be refused before it is opened.
            ModelFileException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> assertThrows(ModelFileException.class, () -> Safetensors.read(fifo)));
            assertMessage(e, fifo, "not a regular file");
        }
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(dir)), dir, "is a folder");
    }

    @Test
    void headerLengthIsCheckedAgainstTheFileSizeBeforeReading() throws IOException {
        // A header length under the 100 MB cap, but far beyond a 16-byte file.
        Path file = dir.resolve("claims.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(90_000_000L).put("{}      ".getBytes(StandardCharsets.US_ASCII));
        Files.write(file, b.array());
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "header claims 90000000 bytes but only 8 follow");
    }

    @Test
    void refusesNonFiniteValuesNamingTheTensorAndElement() {
        float[] w = new float[20];
        w[17] = Float.NaN;
        Path nan = dir.resolve("nan.safetensors");
        Safetensors.write(nan, List.of(new Tensor("a.ok", new int[] {2}, new float[] {1, 2}),
                new Tensor("infer.weight", new int[] {20}, w)), Map.of());
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(nan)), nan,
                "tensor 'infer.weight' holding NaN at element 17; the file is damaged");

        Path inf = dir.resolve("inf.safetensors");
        Safetensors.write(inf, List.of(new Tensor("b", new int[] {3}, new float[] {0, 0, Float.NEGATIVE_INFINITY})), Map.of());
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(inf)), inf, "-Infinity at element 2");
    }

    @Test
    void rejectsOffsetsThatDisagreeWithTheShape() {
        Path file = raw("lies", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "needs 16");
    }

    @Test
    void rejectsOffsetsBeyondTheData() {
        Path file = raw("beyond", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[8]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "ends at byte 16");
        Path negative = raw("negative", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(negative)), negative, "invalid data_offsets");
    }

    @Test
    void rejectsOverlappingTensors() {
        Path file = raw("overlap", """
                {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
                 "b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "overlapping");
    }

    @Test
    void rejectsGapsAndTrailingBytes() {
        Path gap = raw("gap", """
                {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
                 "b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", new byte[12]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(gap)), gap, "gap");
        Path trailing = raw("trailing", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[9]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(trailing)), trailing, "5 bytes after");
    }

    @Test
    void rejectsBadJson() {
        Path file = raw("badjson", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", new byte[4]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "invalid JSON header");
        Path dup = raw("dup", """
                {"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
                 "w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(dup)), dup, "invalid JSON header");
        Path notObject = raw("entry", "{\"w\":[1,2]}", new byte[0]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(notObject)), notObject, "not a JSON object");
        Path badShape = raw("shape", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(badShape)), badShape, "invalid shape");
        Path badMeta = raw("meta", "{\"__metadata__\":{\"filters\":4}}", new byte[0]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(badMeta)), badMeta, "not a string");
    }

    @Test
    void rejectsDtypesThatAreNotFloats() {
        Path file = raw("int", "{\"w\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMessage(assertThrows(ModelFileException.class, () -> Safetensors.read(file)), file, "dtype I32");
    }

    // ------------------------------------------------------------------------- failed writes

    @Test
    void aFailedWriteLeavesNoFileBehind() throws IOException {
        // The target is a non-empty folder: the rename at the end must fail, after the temp file was written.
        Path target = dir.resolve("model.safetensors");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "x");
        List<Tensor> tensors = List.of(new Tensor("w", new int[] {2}, new float[] {1, 2}));
        ModelFileException e = assertThrows(ModelFileException.class, () -> Safetensors.write(target, tensors, Map.of()));
        assertTrue(e.getMessage().startsWith("Cannot write model file " + target), e.getMessage());
        assertEquals(List.of(target), list(dir), "no temporary file may remain");
    }

    @Test
    void aRejectedWriteLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, List.of(new Tensor("w", new int[] {1}, new float[] {7})), Map.of());
        byte[] before = Files.readAllBytes(file);
        List<Tensor> duplicate = List.of(new Tensor("w", new int[] {1}, new float[] {1}), new Tensor("w", new int[] {1}, new float[] {2}));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, duplicate, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), list(dir));
        // And a successful overwrite replaces it whole.
        Safetensors.write(file, List.of(new Tensor("v", new int[] {1}, new float[] {8})), Map.of());
        assertEquals(Map.of("v", 8f), Map.of("v", Safetensors.read(file).require("v").data()[0]));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void tensorRejectsShapeThatDoesNotMatchItsData() {
        assertThrows(IllegalArgumentException.class, () -> new Tensor("w", new int[] {2, 2}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new Tensor("w", new int[] {-1}, new float[0]));
    }

    // -------------------------------------------------------------------------------- helpers

    /** A file with a hand-written header (not padded) and data section, to build broken files. */
    private Path raw(String name, String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        Path file = dir.resolve(name + ".safetensors");
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return file;
    }

    /** Every rejection is one sentence that names the file and says what is wrong. */
    private static void assertMessage(ModelFileException e, Path file, String fragment) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.contains(fragment), "says '" + fragment + "': " + m);
        assertTrue(m.endsWith(".") && !m.contains("\n"), "one sentence: " + m);
        assertEquals(file, e.file());
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) { return s.sorted().toList(); }
    }
}
