package drcn.runtime.model;

import drcn.runtime.model.DrcnParameters.InferInit;
import drcn.runtime.model.Safetensors.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Initialisation and model files: round trip, PyTorch's file, and one-sentence rejections. */
class DrcnParametersTest {
    @TempDir
    Path dir;

    final DrcnConfig config = DrcnConfig.of(4, 3, 3);

    @Test
    void heInitialisationHasTheFanInVariance() {
        DrcnConfig big = DrcnConfig.of(32, 2, 2);
        DrcnParameters p = DrcnParameters.initialize(big, 42, InferInit.HE);
        float[] w = p.get("infer.weight");
        double sum = 0, sq = 0;
        for (float v : w) { sum += v; sq += v * v; }
        double mean = sum / w.length, var = sq / w.length - mean * mean;
        assertEquals(2.0 / (32 * 9), var, 0.1 * 2.0 / (32 * 9), "Var = 2 / fan_in");
        assertArrayEquals(new float[32], p.get("infer.bias"));
        assertArrayEquals(new float[] {0.5f, 0.5f}, p.get("ensemble.weight"));
        assertEquals("he", p.metadata().get(DrcnParameters.INIT_INFER_KEY));
        assertArrayEquals(w, DrcnParameters.initialize(big, 42, InferInit.HE).get("infer.weight"), "same seed, same weights");
    }

    @Test
    void identityInitialisationMakesTheRecursionANoOp() {
        DrcnParameters p = DrcnParameters.initialize(config, 1, InferInit.IDENTITY);
        float[] w = p.get("infer.weight");
        int f = config.filters();
        for (int co = 0; co < f; co++)
            for (int ci = 0; ci < f; ci++)
                for (int k = 0; k < 9; k++)
                    assertEquals(co == ci && k == 4 ? 1f : 0f, w[(co * f + ci) * 9 + k]);
        assertEquals("identity", p.metadata().get(DrcnParameters.INIT_INFER_KEY));
    }

    @Test
    void saveLoadRoundTripIsBitExact() {
        DrcnParameters p = DrcnParameters.initialize(config, 9, InferInit.HE);
        p.get("recon2.bias")[0] = Float.intBitsToFloat(0x00000001);   // a subnormal survives too
        Path file = dir.resolve("m.safetensors");
        p.save(file, Map.of("train.steps", "100"));
        DrcnParameters q = DrcnParameters.load(file, config);
        assertEquals(config, q.config());
        for (String name : DrcnParameters.NAMES) {
            float[] a = p.get(name), b = q.get(name);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
        }
        assertEquals("drcn", q.metadata().get("format"));
        assertEquals("1", q.metadata().get("format_version"));
        assertEquals("100", q.metadata().get("train.steps"));
        assertEquals("he", q.metadata().get(DrcnParameters.INIT_INFER_KEY));
    }

    @Test
    void loadsTheModelPyTorchSaved() {
        DrcnParameters p = DrcnParameters.load(DrcnPyTorchParityTest.resource("parity/tiny_drcn_model.safetensors"));
        assertEquals(4, p.config().filters());
        assertEquals(3, p.config().recursions());
        assertEquals(1, p.config().channels());
    }

    @Test
    void rejectsFilesThatAreNotFittingDrcnModels() {
        DrcnParameters p = DrcnParameters.initialize(config, 1, InferInit.HE);
        Map<String, String> meta = Map.of("format", "drcn", "format_version", "1", "filters", "4", "recursions", "3",
                "channels", "1", "scale", "3");

        Path notDrcn = write("notdrcn", tensors(p, null, null), Map.of("format", "pt"));
        assertSentence(notDrcn, "is not a DRCN model");
        Path noFormat = write("noformat", tensors(p, null, null), Map.of());
        assertSentence(noFormat, "is not a DRCN model");

        Path missing = write("missing", tensors(p, "infer.bias", null), meta);
        assertSentence(missing, "no tensor named 'infer.bias'");

        Path extra = write("extra", tensors(p, null, new Tensor("infer2.weight", new int[] {1}, new float[1])), meta);
        assertSentence(extra, "'infer2.weight', which is not a DRCN parameter");

        List<Tensor> wrong = tensors(p, "infer.weight", new Tensor("infer.weight", new int[] {4, 4, 9}, p.get("infer.weight")));
        Path shape = write("shape", wrong, meta);
        assertSentence(shape, "where [4, 4, 3, 3] is expected");

        Path file = dir.resolve("ok.safetensors");
        p.save(file);
        ModelFileException e = assertThrows(ModelFileException.class, () -> DrcnParameters.load(file, DrcnConfig.of(8, 3, 3)));
        assertTrue(e.getMessage().contains("4 filters"), e.getMessage());
    }

    @Test
    void theFlatLayoutPacksEveryTensorOnceWithTheConvWeightsFirst() {
        DrcnConfig c = DrcnConfig.of(5, 3, 2);   // F=5, D=3, C=1
        DrcnParameters.Layout layout = DrcnParameters.layout(c);
        // the five conv weights, then the biases and the ensemble weights
        assertEquals(List.of("embed1.weight", "embed2.weight", "infer.weight", "recon1.weight", "recon2.weight",
                "embed1.bias", "embed2.bias", "infer.bias", "recon1.bias", "recon2.bias", "ensemble.weight"), layout.order());
        int f = 5, weights = f * 9 + 3 * f * f * 9 + f * 9;
        assertEquals(weights, layout.decayed());
        assertEquals(weights + 4 * f + 1 + 3, layout.total());
        assertEquals(0, layout.offset("embed1.weight"));
        assertEquals(f * 9, layout.offset("embed2.weight"));
        assertEquals(weights, layout.offset("embed1.bias"));
        assertEquals(layout.total() - 3, layout.offset("ensemble.weight"));
        int next = 0;
        for (String name : layout.order()) {
            assertEquals(next, layout.offset(name), name + " follows the tensor before it");
            assertEquals(DrcnParameters.size(DrcnParameters.shape(name, c)), layout.size(name), name);
            next += layout.size(name);
        }
        DrcnParameters p = DrcnParameters.initialize(c, 3, InferInit.HE);
        p.get("recon2.bias")[0] = 0.25f;
        float[] flat = p.flat();
        assertEquals(p.count(), flat.length);
        assertEquals(0.25f, flat[layout.offset("recon2.bias")]);
        DrcnParameters q = DrcnParameters.fromFlat(c, flat);
        for (String name : DrcnParameters.NAMES) assertArrayEquals(p.get(name), q.get(name), name);
        assertEquals(DrcnParameters.NAMES, List.copyOf(layout.split(flat).keySet()));
        assertThrows(IllegalArgumentException.class, () -> layout.split(new float[flat.length - 1]));
    }

    @Test
    void aDeviceLayoutPadsEachOffsetToTheAlignmentAndRepacksBothWays() {
        DrcnConfig c = DrcnConfig.of(5, 3, 2);   // F=5, D=3, C=1
        DrcnParameters.Layout packed = DrcnParameters.layout(c);
        assertArrayEquals(packed.offsets(), DrcnParameters.layout(c, 1).offsets());
        assertEquals(packed.total(), DrcnParameters.layout(c, 1).total());
        for (int align : new int[] {16, 32, 64}) {   // 64, 128 and 256 bytes
            DrcnParameters.Layout padded = DrcnParameters.layout(c, align);
            assertEquals(packed.order(), padded.order());
            assertArrayEquals(packed.sizes(), padded.sizes());
            assertEquals(0, padded.total() % align, "the total is a whole number of alignment steps");
            int end = 0;
            for (String name : padded.order()) {
                int o = padded.offset(name);
                assertEquals(0, o % align, name + " at " + o);
                assertTrue(o >= end && o < end + align, name + " starts at the first aligned offset after the tensor before it");
                end = o + padded.size(name);
            }
            assertEquals(padded.offset("recon2.weight") + padded.size("recon2.weight"), padded.decayed(), "the conv weights are the prefix");
            assertTrue(padded.total() - packed.total() < 11 * align);

            DrcnParameters p = DrcnParameters.initialize(c, 3, InferInit.HE);
            float[] device = packed.repack(p.flat(), padded);
            assertEquals(padded.total(), device.length);
            for (String name : DrcnParameters.NAMES) assertArrayEquals(p.get(name), padded.split(device).get(name), name);
            double inTensors = 0, all = 0;
            for (float v : device) all += Math.abs(v);
            for (float v : p.flat()) inTensors += Math.abs(v);
            assertEquals(inTensors, all, "the padding is zero");
            assertArrayEquals(p.flat(), padded.repack(device, packed), "and back");
        }
        assertThrows(IllegalArgumentException.class, () -> packed.repack(new float[packed.total() + 1], DrcnParameters.layout(c, 16)));
        assertThrows(IllegalArgumentException.class, () -> packed.repack(new float[packed.total()], DrcnParameters.layout(DrcnConfig.of(6, 3, 2))));
        assertThrows(IllegalArgumentException.class, () -> DrcnParameters.layout(c, 0));
    }

    // -------------------------------------------------------------------------------- helpers

    /** The parameters as tensors, without {@code drop}, plus {@code add}. */
    private List<Tensor> tensors(DrcnParameters p, String drop, Tensor add) {
        List<Tensor> list = new ArrayList<>();
        for (String name : DrcnParameters.NAMES) {
            if (!name.equals(drop)) list.add(new Tensor(name, DrcnParameters.shape(name, p.config()), p.get(name)));
        }
        if (add != null) list.add(add);
        return list;
    }

    private Path write(String name, List<Tensor> tensors, Map<String, String> metadata) {
        Path file = dir.resolve(name + ".safetensors");
        Safetensors.write(file, tensors, metadata);
        return file;
    }

    private static void assertSentence(Path file, String fragment) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> DrcnParameters.load(file));
        String m = e.getMessage();
        assertTrue(m.contains(fragment), "says '" + fragment + "': " + m);
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.endsWith(".") && !m.contains("\n"), "one sentence: " + m);
    }
}
