package drcn.runtime.model;

import drcn.runtime.io.AtomicFile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (https://huggingface.co/docs/safetensors), the file
 * format of our models and of the PyTorch parity data:
 * <pre>
 *   u64 little-endian N | N bytes UTF-8 JSON header, space-padded | raw little-endian tensor data
 *   header = {"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin, end]}}
 * </pre>
 * Offsets are relative to the start of the data section. We write F32 only; we read F32, and
 * convert F64, F16 and BF16 to float since that costs one line each. Loading validates
 * everything the spec demands (as the reference Rust implementation does): tensors must tile
 * the data section exactly, with no overlap, no gap, and no trailing bytes, so a damaged file
 * fails here with one sentence instead of producing a silently wrong model.
 */
public final class Safetensors {
    /** The reference implementation refuses headers above 100 MB; a larger one means a broken file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = new ObjectMapper()
            // A name given twice would make one tensor silently win; the spec forbids it.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Safetensors() {}

    /**
     * One named float tensor, row-major (the last dimension varies fastest), NCHW for activations.
     * The arrays are shared, not copied: tensors can be megabytes and are passed straight on.
     * An empty shape is a scalar with one element, as in the spec.
     */
    public record Tensor(String name, int[] shape, float[] data) {
        public Tensor {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("a tensor needs a non-empty name");
            if (shape == null || data == null) throw new IllegalArgumentException("tensor '" + name + "' needs a shape and data");
            long count = elementCount(shape);
            if (count < 0) throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension in shape " + Arrays.toString(shape));
            if (count != data.length) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + " (" + count + " elements) but " + data.length + " values");
            }
        }

        public int size() { return data.length; }

        /** The element count of a shape; -1 if a dimension is negative. */
        static long elementCount(int[] shape) {
            long n = 1;
            for (int d : shape) {
                if (d < 0) return -1;
                n *= d;  // ints multiplied in long cannot overflow for the sizes float[] can hold
                if (n > Integer.MAX_VALUE) return Long.MAX_VALUE;
            }
            return n;
        }

        @Override public String toString() { return name + Arrays.toString(shape); }
    }

    /** What a file holds: tensors by name (in name order) and the free-form string metadata. */
    public record Contents(Path source, Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
            metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        }

        /** The tensor called {@code name}; a missing one is a bad file, not a programming error. */
        public Tensor require(String name) {
            Tensor t = tensors.get(name);
            if (t == null) throw fail(source, "has no tensor named '" + name + "'");
            return t;
        }

        /** The tensor called {@code name}, which must have exactly this shape. */
        public Tensor require(String name, int... shape) {
            Tensor t = require(name);
            if (!Arrays.equals(t.shape(), shape)) {
                throw fail(source, "has tensor '" + name + "' of shape " + Arrays.toString(t.shape())
                        + " where " + Arrays.toString(shape) + " is expected");
            }
            return t;
        }

        /** A metadata value that must be present. */
        public String requireMetadata(String key) {
            String v = metadata.get(key);
            if (v == null) throw fail(source, "has no metadata entry '" + key + "'");
            return v;
        }
    }

    // ------------------------------------------------------------------------------------ read

    /**
     * Reads a whole file; any defect ends in a {@link ModelFileException} naming the file. Only
     * regular files are read (a device such as /dev/zero or a FIFO never ends), and the header
     * length is checked against the file's size before anything is allocated. Every value must be
     * finite: a NaN or an infinity in a model or training state means it is damaged.
     */
    public static Contents read(Path file) {
        Contents contents = parse(file, readBytes(file));
        for (Tensor t : contents.tensors().values()) requireFinite(file, t);
        return contents;
    }

    private static byte[] readBytes(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) throw fail(file, "is a folder, not a safetensors file");
            if (!attributes.isRegularFile()) {
                throw fail(file, "is not a regular file (a device, FIFO or socket) and cannot hold a model");
            }
            long size = attributes.size();
            // float[] is indexed by int; a bigger file cannot be one of ours.
            if (size > Integer.MAX_VALUE - 16) throw fail(file, "is " + size + " bytes, more than this reader supports (2 GB)");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                if (size >= 8) {
                    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                    readFully(ch, length, 0);
                    checkHeaderLength(file, length.getLong(0), size);
                }
                ByteBuffer all = ByteBuffer.allocate((int) size);
                readFully(ch, all, 0);
                if (ch.size() != size) throw fail(file, "changed size while it was being read");
                return all.array();
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "Model file " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "Cannot read model file " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** Fills {@code into} from {@code position}; a file that ends early was cut while being read. */
    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, position + into.position());
            if (n < 0) throw new IOException("it ended early; it may have been cut while being read");
        }
    }

    /** The header length field against the whole file's length, before the header is touched. */
    private static void checkHeaderLength(Path file, long headerLength, long fileLength) {
        // Unsigned u64 in the spec: a "negative" long is a huge length, just as wrong.
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw fail(file, "is not a safetensors file: its header length field reads "
                    + Long.toUnsignedString(headerLength) + " bytes");
        }
        if (headerLength > fileLength - 8L) {
            throw fail(file, "is truncated or not a safetensors file: its header claims " + headerLength
                    + " bytes but only " + (fileLength - 8L) + " follow");
        }
    }

    /** A NaN or infinite weight would silently produce a black image; the file is damaged. */
    private static void requireFinite(Path file, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                String what = Float.isNaN(d[i]) ? "NaN" : d[i] > 0 ? "+Infinity" : "-Infinity";
                throw fail(file, "has tensor '" + t.name() + "' holding " + what + " at element " + i
                        + "; the file is damaged");
            }
        }
    }

    /** Parses the bytes of a safetensors file; {@code file} only names it in messages. */
    static Contents parse(Path file, byte[] bytes) {
        if (bytes.length < 8) {
            throw fail(file, "is not a safetensors file: it is " + bytes.length + " bytes long, shorter than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        checkHeaderLength(file, headerLength, bytes.length);
        int dataStart = 8 + (int) headerLength;
        if (bytes[8] != '{') {
            throw fail(file, "is not a safetensors file: its header does not start with '{'");
        }
        JsonNode header;
        try {
            String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            header = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "Model file " + file + " has an invalid JSON header: "
                    + e.getOriginalMessage() + ".", e);
        }
        if (header == null || !header.isObject()) throw fail(file, "has a header that is not a JSON object");

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(readEntry(file, field.getKey(), field.getValue()));
            }
        }

        long dataLength = bytes.length - (long) dataStart;
        checkLayout(file, entries, dataLength);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin))
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.name, new Tensor(e.name, e.shape, e.dtype.decode(slice, (int) e.count)));
        }
        return new Contents(file, tensors, metadata);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) throw fail(file, "has a " + METADATA_KEY + " entry that is not a JSON object");
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw fail(file, "has metadata entry '" + m.getKey() + "' that is not a string");
            }
            into.put(m.getKey(), m.getValue().textValue());
        }
    }

    /** A header entry, checked on its own; the layout is checked across entries afterwards. */
    private record Entry(String name, DType dtype, int[] shape, long count, long begin, long end) {}

    private static Entry readEntry(Path file, String name, JsonNode node) {
        if (!node.isObject()) throw fail(file, "has header entry '" + name + "' that is not a JSON object");
        JsonNode dtypeNode = node.get("dtype"), shapeNode = node.get("shape"), offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsetsNode == null) {
            throw fail(file, "has tensor '" + name + "' without all of dtype, shape and data_offsets");
        }
        if (!dtypeNode.isTextual()) throw fail(file, "has tensor '" + name + "' whose dtype is not a string");
        DType dtype = DType.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw fail(file, "has tensor '" + name + "' of dtype " + dtypeNode.textValue()
                    + ", which cannot be read as float (supported: F32, F64, F16, BF16)");
        }
        if (!shapeNode.isArray()) throw fail(file, "has tensor '" + name + "' whose shape is not an array");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw fail(file, "has tensor '" + name + "' with an invalid shape " + shapeNode);
            }
            shape[i] = d.intValue();
        }
        long count = Tensor.elementCount(shape);
        if (count > Integer.MAX_VALUE) throw fail(file, "has tensor '" + name + "' with too many elements for this reader");
        if (!offsetsNode.isArray() || offsetsNode.size() != 2
                || !offsetsNode.get(0).isIntegralNumber() || !offsetsNode.get(1).isIntegralNumber()
                || !offsetsNode.get(0).canConvertToLong() || !offsetsNode.get(1).canConvertToLong()) {
            throw fail(file, "has tensor '" + name + "' whose data_offsets is not a pair of integers");
        }
        long begin = offsetsNode.get(0).longValue(), end = offsetsNode.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw fail(file, "has tensor '" + name + "' with invalid data_offsets [" + begin + ", " + end + "]");
        }
        long expected = count * dtype.bytes;
        if (end - begin != expected) {
            throw fail(file, "has tensor '" + name + "' whose data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes where shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + expected);
        }
        return new Entry(name, dtype, shape, count, begin, end);
    }

    /** The tensors must tile the data section exactly: sorted by offset, each starts where the last ended. */
    private static void checkLayout(Path file, List<Entry> entries, long dataLength) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long position = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.end > dataLength) {
                throw fail(file, "is truncated or has a wrong header: tensor '" + e.name + "' ends at byte " + e.end
                        + " of the data section, which holds only " + dataLength + " bytes");
            }
            if (e.begin < position) {
                throw fail(file, "has overlapping tensors: '" + e.name + "' starts at byte " + e.begin
                        + " inside '" + previous.name + "' (bytes " + previous.begin + " to " + previous.end + ")");
            }
            if (e.begin > position) {
                throw fail(file, "has a gap in its data section: no tensor covers bytes " + position + " to " + e.begin);
            }
            position = e.end;
            previous = e;
        }
        if (position != dataLength) {
            throw fail(file, "has " + (dataLength - position) + " bytes after its last tensor; the file is damaged or its header is wrong");
        }
    }

    /** The dtypes we turn into float. Integer and 8-bit float dtypes are refused: a model has none. */
    private enum DType {
        F32(4) {
            float[] decode(ByteBuffer b, int n) { float[] out = new float[n]; b.asFloatBuffer().get(out); return out; }
        },
        F64(8) {
            float[] decode(ByteBuffer b, int n) {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(8 * i);
                return out;
            }
        },
        F16(2) {
            float[] decode(ByteBuffer b, int n) {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(b.getShort(2 * i));
                return out;
            }
        },
        BF16(2) {
            // bfloat16 is the top half of a float32.
            float[] decode(ByteBuffer b, int n) {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                return out;
            }
        };

        final int bytes;

        DType(int bytes) { this.bytes = bytes; }

        abstract float[] decode(ByteBuffer littleEndian, int count);

        static DType parse(String s) {
            for (DType d : values()) if (d.name().equals(s)) return d;
            return null;
        }
    }

    // ----------------------------------------------------------------------------------- write

    /**
     * Writes tensors (as F32) and metadata atomically: the bytes go to a temporary file in the
     * same folder, are forced to disk, and only then renamed over {@code file}. A failure at any
     * point leaves {@code file} as it was (absent or the old version) and no temporary file behind.
     */
    public static void write(Path file, Collection<Tensor> tensors, Map<String, String> metadata) {
        byte[] bytes = serialize(file, tensors, metadata);
        try {
            AtomicFile.write(file, bytes);   // new files get the user's umask, replaced ones keep their permissions
        } catch (IOException e) {
            throw new ModelFileException(file, "Cannot write model file " + file + ": " + describe(e) + ".", e);
        }
    }

    /** The whole file as bytes: header padded with spaces to 8 bytes, tensors in name order. */
    static byte[] serialize(Path file, Collection<Tensor> tensors, Map<String, String> metadata) {
        // The spec sorts by alignment, then name; with one dtype that is name order.
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(Tensor::name));
        Set<String> names = new HashSet<>();
        for (Tensor t : sorted) {
            if (t.name().equals(METADATA_KEY)) throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            if (!names.add(t.name())) throw new IllegalArgumentException("two tensors are named '" + t.name() + "'");
        }

        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : sorted) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long end = offset + 4L * t.size();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "Cannot write model file " + file + ": " + e.getOriginalMessage() + ".", e);
        }
        int headerLength = (json.length + 7) / 8 * 8;  // so the data starts 8-byte aligned
        long total = 8L + headerLength + offset;
        if (total > Integer.MAX_VALUE - 16) throw new ModelFileException(file, "Cannot write model file " + file + ": it would exceed 2 GB.");

        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerLength);
        out.put(json);
        for (int i = json.length; i < headerLength; i++) out.put((byte) ' ');
        for (Tensor t : sorted) {
            out.asFloatBuffer().put(t.data());  // a view: advance the byte position by hand
            out.position(out.position() + 4 * t.size());
        }
        return out.array();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private static ModelFileException fail(Path file, String what) {
        String subject = file == null ? "The tensor set" : "Model file " + file;
        return new ModelFileException(file, subject + " " + what + ".");
    }
}
