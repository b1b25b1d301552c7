package drcn.runtime.model;

import drcn.kernels.Index;
import drcn.runtime.model.Safetensors.Contents;
import drcn.runtime.model.Safetensors.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A DRCN's parameters on the host: one float array per named tensor (the names and layouts PyTorch's
 * {@code state_dict} would have), plus free-form string metadata that travels with a saved model.
 *
 * <pre>
 *   embed1.weight [F][C][3][3]  embed1.bias [F]
 *   embed2.weight [F][F][3][3]  embed2.bias [F]
 *   infer.weight  [F][F][3][3]  infer.bias  [F]    ONE conv, applied D times
 *   recon1.weight [F][F][3][3]  recon1.bias [F]    shared by all D states
 *   recon2.weight [C][F][3][3]  recon2.bias [C]
 *   ensemble.weight [D]                            initialised to 1/D
 * </pre>
 *
 * A model file is a safetensors file holding exactly these tensors and the metadata
 * {@code format=drcn}, {@code format_version=1}, {@code filters}, {@code recursions}, {@code channels},
 * {@code scale}, and whatever facts the trainer adds (e.g. {@code init.infer}, epochs, PSNR).
 */
public final class DrcnParameters {
    /** Every parameter tensor, in schedule order. */
    public static final List<String> NAMES = List.of(
            "embed1.weight", "embed1.bias", "embed2.weight", "embed2.bias", "infer.weight", "infer.bias",
            "recon1.weight", "recon1.bias", "recon2.weight", "recon2.bias", "ensemble.weight");
    /** The five conv weights: what the weight-decay term b * ||W||^2 covers (not biases, not the ensemble). */
    public static final List<String> CONV_WEIGHTS = List.of(
            "embed1.weight", "embed2.weight", "infer.weight", "recon1.weight", "recon2.weight");

    /**
     * llm.c's layout: all parameters in one flat float array, every tensor at a fixed offset, computed from the
     * configuration here and nowhere else (gradients and optimizer state use the same layout). The five conv weights
     * come first, so the weight-decay term {@code b ||W||^2} and its gradient cover exactly the prefix
     * {@code [0, decayed)}; then the biases and the ensemble weights, in {@link #NAMES} order.
     *
     * @param order   the tensors by offset
     * @param offsets offset of {@code order.get(i)}
     * @param sizes   floats of {@code order.get(i)}
     * @param total   floats of all tensors
     * @param decayed floats of the five conv weights (the prefix weight decay covers)
     */
    public record Layout(DrcnConfig config, List<String> order, int[] offsets, int[] sizes, int total, int decayed) {
        /** Offset of tensor {@code name} in the flat array. */
        public int offset(String name) { return offsets[index(name)]; }

        /** Floats of tensor {@code name}. */
        public int size(String name) { return sizes[index(name)]; }

        private int index(String name) {
            int i = order.indexOf(name);
            if (i < 0) throw new IllegalArgumentException("'" + name + "' is not a DRCN parameter; they are " + NAMES);
            return i;
        }

        /** One flat array from tensors by name (each must be present with its size). */
        public float[] join(Map<String, float[]> tensors) {
            float[] flat = new float[total];
            for (int i = 0; i < order.size(); i++) {
                float[] v = tensors.get(order.get(i));
                if (v == null) throw new IllegalArgumentException("'" + order.get(i) + "' is missing");
                if (v.length != sizes[i]) {
                    throw new IllegalArgumentException("'" + order.get(i) + "' holds " + v.length + " values, not " + sizes[i]);
                }
                System.arraycopy(v, 0, flat, offsets[i], sizes[i]);
            }
            return flat;
        }

        /**
         * {@code flat} (laid out as this layout says) laid out as {@code to} says: one copy per tensor, padding zero.
         * Between the host's layout and a device's padded one ({@link #layout(DrcnConfig, int)}).
         */
        public float[] repack(float[] flat, Layout to) {
            if (flat.length != total) throw new IllegalArgumentException("a flat parameter array of " + config + " holds " + total + " values, not " + flat.length);
            if (!to.order.equals(order) || !Arrays.equals(to.sizes, sizes)) throw new IllegalArgumentException("layouts of different networks");
            float[] out = new float[to.total];
            for (int i = 0; i < order.size(); i++) System.arraycopy(flat, offsets[i], out, to.offsets[i], sizes[i]);
            return out;
        }

        /** The tensors of a flat array, by name in {@link #NAMES} order (copies). */
        public Map<String, float[]> split(float[] flat) {
            if (flat.length != total) throw new IllegalArgumentException("a flat parameter array of " + config + " holds " + total + " values, not " + flat.length);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (String name : NAMES) {
                int i = index(name);
                out.put(name, Arrays.copyOfRange(flat, offsets[i], offsets[i] + sizes[i]));
            }
            return out;
        }
    }

    /** The flat layout of a network of this configuration (see {@link Layout}): tensors back to back. */
    public static Layout layout(DrcnConfig config) {
        return layout(config, 1);
    }

    /**
     * The flat layout with every tensor's offset (and the total) rounded up to a multiple of {@code alignFloats}: a
     * device's layout, where each tensor is a view of one flat buffer and a view's offset must be a multiple of the
     * device's {@code DeviceInfo.sliceAlignment()}. The padding between tensors holds zeros (the optimizer's
     * whole-buffer launches keep it zero: see {@code DrcnTraining}); {@code decayed} ends at the last conv weight, so
     * {@code [0, decayed)} is the conv weights and the zero padding between them. {@code alignFloats} 1: no padding.
     */
    public static Layout layout(DrcnConfig config, int alignFloats) {
        if (alignFloats < 1) throw new IllegalArgumentException("an alignment of " + alignFloats + " floats");
        List<String> order = new ArrayList<>(CONV_WEIGHTS);
        for (String name : NAMES) if (!order.contains(name)) order.add(name);
        int[] offsets = new int[order.size()], sizes = new int[order.size()];
        long total = 0, decayed = 0;
        for (int i = 0; i < order.size(); i++) {
            total = Index.ceilDiv(total, alignFloats) * alignFloats;
            offsets[i] = (int) total;
            sizes[i] = size(shape(order.get(i), config));
            total += sizes[i];
            if (CONV_WEIGHTS.contains(order.get(i))) decayed = total;
            if (total > Integer.MAX_VALUE - alignFloats) throw new IllegalArgumentException(config + " has more than 2^31 parameters");
        }
        total = Index.ceilDiv(total, alignFloats) * alignFloats;
        return new Layout(config, List.copyOf(order), offsets, sizes, (int) total, (int) decayed);
    }

    public static final String FORMAT = "drcn";
    public static final String FORMAT_VERSION = "1";
    /** Metadata key recording how the recursive (inference) conv was initialised. */
    public static final String INIT_INFER_KEY = "init.infer";

    /**
     * How the inference conv starts. {@code HE}: like every other conv. {@code IDENTITY}: the centre tap
     * of channel c to channel c is 1, everything else 0, so at the start H_d = relu(H_{d-1}) = H_{d-1}
     * (H is already non-negative): the D recursions begin as a no-op and gradients pass through them
     * unchanged. (Literal all-zero weights would not train: H_1 = relu(0) = 0 everywhere, the ReLU's
     * mask is then 0 and no gradient ever reaches the inference conv.)
     */
    public enum InferInit { HE, IDENTITY }

    private final DrcnConfig config;
    private final Map<String, float[]> values;
    private final Map<String, String> metadata;

    private DrcnParameters(DrcnConfig config, Map<String, float[]> values, Map<String, String> metadata) {
        this.config = config;
        this.values = values;
        this.metadata = metadata;
    }

    /** The shape of a parameter tensor in a network of this configuration. */
    public static int[] shape(String name, DrcnConfig c) {
        int f = c.filters(), ch = c.channels();
        return switch (name) {
            case "embed1.weight" -> new int[] {f, ch, 3, 3};
            case "embed2.weight", "infer.weight", "recon1.weight" -> new int[] {f, f, 3, 3};
            case "embed1.bias", "embed2.bias", "infer.bias", "recon1.bias" -> new int[] {f};
            case "recon2.weight" -> new int[] {ch, f, 3, 3};
            case "recon2.bias" -> new int[] {ch};
            case "ensemble.weight" -> new int[] {c.recursions()};
            default -> throw new IllegalArgumentException("'" + name + "' is not a DRCN parameter; they are " + NAMES);
        };
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** All zeros, except the ensemble weights (1/D): a blank to fill. */
    public static DrcnParameters zeros(DrcnConfig config) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : NAMES) values.put(name, new float[size(shape(name, config))]);
        Arrays.fill(values.get("ensemble.weight"), 1f / config.recursions());
        return new DrcnParameters(config, values, new TreeMap<>());
    }

    /**
     * The default initialisation: He everywhere, the recursive conv {@link InferInit#IDENTITY}. Chosen on
     * a measured run (DrcnTrainingTest, F=4 D=3, 100 Adam steps): identity starts at a 4x lower loss
     * (8.4 vs 32) and ends lower (1.8e-3 vs 3.0e-3); with SGD both end alike (3.1e-3 vs 3.4e-3).
     */
    public static DrcnParameters initialize(DrcnConfig config, long seed) {
        return initialize(config, seed, InferInit.IDENTITY);
    }

    /**
     * He (Kaiming normal, fan_in) initialisation: every conv weight ~ N(0, 2 / (Cin * 9)), which keeps
     * the variance of ReLU activations constant from layer to layer; biases 0; ensemble weights 1/D;
     * the inference conv as {@code infer} says. Deterministic for a seed.
     */
    public static DrcnParameters initialize(DrcnConfig config, long seed, InferInit infer) {
        DrcnParameters p = zeros(config);
        Random random = new Random(seed);
        for (String name : CONV_WEIGHTS) {
            int[] shape = shape(name, config);
            float[] w = p.values.get(name);
            double std = Math.sqrt(2.0 / (shape[1] * 9));
            for (int i = 0; i < w.length; i++) w[i] = (float) (random.nextGaussian() * std);
        }
        if (infer == InferInit.IDENTITY) {
            float[] w = p.values.get("infer.weight");
            Arrays.fill(w, 0f);
            int f = config.filters();
            for (int c = 0; c < f; c++) w[((c * f + c) * 3 + 1) * 3 + 1] = 1f;   // centre tap, channel c -> c
        }
        p.metadata.put(INIT_INFER_KEY, infer.name().toLowerCase());
        p.metadata.put("init.seed", Long.toString(seed));
        return p;
    }

    public DrcnConfig config() { return config; }

    /** The tensor called {@code name} (the live array, not a copy). */
    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) throw new IllegalArgumentException("'" + name + "' is not a DRCN parameter; they are " + NAMES);
        return v;
    }

    /** Copies {@code data} into the tensor called {@code name}; the sizes must agree. */
    public void set(String name, float[] data) {
        float[] v = get(name);
        if (data.length != v.length) {
            throw new IllegalArgumentException("'" + name + "' holds " + v.length + " values, not " + data.length);
        }
        System.arraycopy(data, 0, v, 0, v.length);
    }

    /** Free-form metadata saved with the model (a live, modifiable map). */
    public Map<String, String> metadata() { return metadata; }

    /** All tensors in one array, laid out as {@link #layout} says. */
    public float[] flat() {
        return layout(config).join(values);
    }

    /** Parameters from a flat array laid out as {@link #layout} says (no metadata). */
    public static DrcnParameters fromFlat(DrcnConfig config, float[] flat) {
        return new DrcnParameters(config, new LinkedHashMap<>(layout(config).split(flat)), new TreeMap<>());
    }

    /** The number of scalar parameters. */
    public long count() {
        long n = 0;
        for (float[] v : values.values()) n += v.length;
        return n;
    }

    /** A deep copy. */
    public DrcnParameters copy() {
        Map<String, float[]> v = new LinkedHashMap<>();
        values.forEach((k, a) -> v.put(k, a.clone()));
        return new DrcnParameters(config, v, new TreeMap<>(metadata));
    }

    // ---------------------------------------------------------------------------------- files

    /**
     * Saves a model file (atomically: see {@link Safetensors#write}). {@code facts} are added to the
     * metadata (e.g. training facts); the format keys are always ours.
     */
    public void save(Path file, Map<String, String> facts) {
        Map<String, String> meta = new TreeMap<>(metadata);
        if (facts != null) meta.putAll(facts);
        meta.put("format", FORMAT);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("filters", Integer.toString(config.filters()));
        meta.put("recursions", Integer.toString(config.recursions()));
        meta.put("channels", Integer.toString(config.channels()));
        meta.put("scale", Integer.toString(config.scale()));
        List<Tensor> tensors = new ArrayList<>();
        for (String name : NAMES) tensors.add(new Tensor(name, shape(name, config), values.get(name)));
        Safetensors.write(file, tensors, meta);
    }

    public void save(Path file) {
        save(file, Map.of());
    }

    /**
     * Loads a model file. Its configuration comes from the metadata; anything that does not fit
     * (not a DRCN model, unknown format version, a missing, extra or wrongly shaped tensor) ends in a
     * {@link ModelFileException} whose message is one sentence naming the file.
     */
    public static DrcnParameters load(Path file) {
        Contents contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file, "Model file " + file + " is not a DRCN model: its metadata has "
                    + (meta.containsKey("format") ? "format=" + meta.get("format") : "no format entry") + " where format=drcn is expected.");
        }
        String version = meta.get("format_version");
        if (!FORMAT_VERSION.equals(version)) {
            throw new ModelFileException(file, "Model file " + file + " has DRCN format version " + version
                    + ", which this program does not read (it reads version " + FORMAT_VERSION + ").");
        }
        DrcnConfig config;
        try {
            config = new DrcnConfig(intEntry(contents, "filters"), intEntry(contents, "recursions"),
                    intEntry(contents, "channels"), intEntry(contents, "scale"));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "Model file " + file + " has an impossible configuration: " + e.getMessage() + ".", e);
        }
        for (String name : contents.tensors().keySet()) {
            if (!NAMES.contains(name)) {
                throw new ModelFileException(file, "Model file " + file + " has tensor '" + name
                        + "', which is not a DRCN parameter (the file is not a model of this program, or is damaged).");
            }
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : NAMES) values.put(name, contents.require(name, shape(name, config)).data());
        Map<String, String> kept = new TreeMap<>(meta);
        return new DrcnParameters(config, values, kept);
    }

    /** Loads a model file that must have the given configuration (filters, recursions, channels; the scale may differ). */
    public static DrcnParameters load(Path file, DrcnConfig expected) {
        DrcnParameters p = load(file);
        DrcnConfig c = p.config;
        if (c.filters() != expected.filters() || c.recursions() != expected.recursions() || c.channels() != expected.channels()) {
            throw new ModelFileException(file, "Model file " + file + " holds a DRCN with " + c.filters() + " filters, "
                    + c.recursions() + " recursions and " + c.channels() + " channel(s), where " + expected.filters()
                    + " filters, " + expected.recursions() + " recursions and " + expected.channels() + " channel(s) are expected.");
        }
        return p;
    }

    private static int intEntry(Contents contents, String key) {
        String v = contents.requireMetadata(key);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ModelFileException(contents.source(), "Model file " + contents.source() + " has metadata "
                    + key + "=" + v + ", which is not a whole number.");
        }
    }

    /** Tensor names to their values, read-only view (for tests and tools). */
    public Map<String, float[]> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
