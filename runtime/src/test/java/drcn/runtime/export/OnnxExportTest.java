package drcn.runtime.export;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.CodedInputStream;
import drcn.runtime.backend.JvmAndFirstOpenCL;
import drcn.runtime.backend.Device;
import drcn.runtime.cli.Main;
import drcn.runtime.eval.SuperResolution;
import drcn.runtime.image.DataDir;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.image.Plane;
import drcn.runtime.model.Drcn;
import drcn.runtime.model.DrcnConfig;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exported ONNX files run in ONNX Runtime (CPU) and give our output: the jvm device and the first OpenCL
 * device, within 1e-5 relative L2. Also reads the file back field by field to check its structure (one
 * shared inference initializer referenced D times) and the metadata ONNX Runtime reports.
 */
class OnnxExportTest {
    static final double TOLERANCE = 1e-5;
    static Device jvm, opencl;
    static OrtEnvironment ort;

    static JvmAndFirstOpenCL fixture;

    @BeforeAll
    static void open() {
        fixture = JvmAndFirstOpenCL.open();
        jvm = fixture.jvm();
        opencl = fixture.opencl();
        ort = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    static List<Device> devices() {
        return fixture.all();
    }

    /** F=4 D=3 with every tensor random (biases and ensemble weights too, so that none of them can be dropped unnoticed). */
    static DrcnParameters randomModel(long seed) {
        DrcnParameters p = DrcnParameters.initialize(DrcnConfig.of(4, 3, 3), seed, DrcnParameters.InferInit.HE);
        Random random = new Random(seed + 1);
        for (String name : DrcnParameters.NAMES) {
            float[] v = p.get(name);
            if (name.endsWith(".bias")) for (int i = 0; i < v.length; i++) v[i] = (float) (0.1 * random.nextGaussian());
        }
        float[] e = p.get("ensemble.weight");
        for (int i = 0; i < e.length; i++) e[i] = 0.2f + random.nextFloat() * 0.3f;
        float[] w = p.get("infer.weight");   // He with F=4 shrinks little; keep the recursion from blowing up
        for (int i = 0; i < w.length; i++) w[i] *= 0.7f;
        return p;
    }

    static float[] ours(Device device, DrcnParameters p, float[] x, int n, int h, int w) {
        try (Drcn model = Drcn.forInference(device, p.config(), n, h, w)) {
            model.setParameters(p);
            model.forward(x);
            return model.output();
        }
    }

    static float[] onnxRuntime(OrtSession session, float[] x, long... shape) throws Exception {
        try (OnnxTensor input = OnnxTensor.createTensor(ort, FloatBuffer.wrap(x), shape);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            OnnxTensor out = (OnnxTensor) result.get("output").orElseThrow();
            assertArrayEquals(shape, out.getInfo().getShape());
            FloatBuffer b = out.getFloatBuffer();
            float[] values = new float[b.remaining()];
            b.get(values);
            return values;
        }
    }

    static double relativeL2(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }

    static float[] random(int count, long seed) {
        Random r = new Random(seed);
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = r.nextFloat();
        return x;
    }

    @Test
    void randomModelAgreesWithOurDevices() throws Exception {
        DrcnParameters p = randomModel(7);
        byte[] onnx = OnnxExport.export(p, 0, 0, "test");
        int n = 2, h = 13, w = 17;
        float[] x = random(n * h * w, 8);
        try (OrtSession session = ort.createSession(onnx, new OrtSession.SessionOptions())) {
            float[] theirs = onnxRuntime(session, x, n, 1, h, w);
            for (Device device : devices()) {
                double error = relativeL2(theirs, ours(device, p, x, n, h, w));
                System.out.printf("ONNX Runtime vs %s, F=4 D=3 on 2x1x13x17: relative L2 %.2e%n", device.info().id(), error);
                assertTrue(error < TOLERANCE, device.info().id() + ": " + error);
            }
            // dynamic axes: another batch and size through the same session
            float[] y = random(7 * 9, 9);
            double error = relativeL2(onnxRuntime(session, y, 1, 1, 7, 9), ours(jvm, p, y, 1, 7, 9));
            assertTrue(error < TOLERANCE, "1x1x7x9: " + error);

            NodeInfo input = session.getInputInfo().get("input");
            assertArrayEquals(new long[] {-1, 1, -1, -1}, ((TensorInfo) input.getInfo()).getShape());
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals("4", meta.get("filters"));
            assertEquals("3", meta.get("recursions"));
            assertEquals("he", meta.get(DrcnParameters.INIT_INFER_KEY));
            assertTrue(meta.get("drcn.onnx.input").contains("[0,1]"), meta.toString());
        }
    }

    @Test
    void theInferenceWeightsAreOneInitializerReadDTimes() throws Exception {
        DrcnParameters p = randomModel(3);
        Graph g = Graph.parse(OnnxExport.export(p, 0, 0, "test"));
        for (String name : DrcnParameters.NAMES) assertEquals(1, g.initializers.stream().filter(name::equals).count(), name);
        assertEquals(3, g.uses("infer.weight"));
        assertEquals(3, g.uses("infer.bias"));
        assertEquals(3, g.uses("recon1.weight"));
        assertEquals(3, g.uses("recon2.weight"));
        assertEquals(1, g.uses("embed1.weight"));
        assertEquals(1, g.uses("ensemble.weight"));
        assertEquals(4, g.uses("input"));   // embed1 and the D = 3 skips
        assertEquals(2 + 3 + 3 * 2, g.ops.stream().filter("Conv"::equals).count());
        assertEquals(17, g.opset);
        assertEquals(8, g.irVersion);
    }

    @Test
    void fixedSizesAreWrittenIntoTheInput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.safetensors");
        randomModel(5).save(model);
        Path out = dir.resolve("m.onnx");
        Result r = drcn("export", "--model", model.toString(), "--out", out.toString(), "--height", "13", "--width", "17");
        assertEquals(0, r.code, r.err);
        try (OrtSession session = ort.createSession(out.toString(), new OrtSession.SessionOptions())) {
            assertArrayEquals(new long[] {-1, 1, 13, 17}, ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape());
            assertEquals("drcn", session.getMetadata().getCustomMetadata().get("format"));
        }
    }

    /** The bundled x3 model (F=64, D=16) on the bicubic Y of a crop of Set5's butterfly (10x9, so 30x27: the jvm device runs F=64 at ~100 pixels/s), exported by the CLI. */
    @Test
    void bundledX3AgreesOnASet5Crop(@TempDir Path dir) throws Exception {
        Path data = DataDir.locate().orElseThrow();
        Path modelFile = data.resolve("models/drcn_x3.safetensors");
        Path out = dir.resolve("drcn_x3.onnx");
        Result r = drcn("export", "--model", modelFile.toString(), "--out", out.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("Wrote"), r.out);
        Image8 lr = Images.read(data.resolve("Set5/butterfly.png")).crop(100, 90, 10, 9);
        Plane y = SuperResolution.bicubic(lr, 3).y();
        float[] x = y.toFloats();
        DrcnParameters p = DrcnParameters.load(modelFile);
        try (OrtSession session = ort.createSession(out.toString(), new OrtSession.SessionOptions())) {
            float[] theirs = onnxRuntime(session, x, 1, 1, y.height(), y.width());
            for (Device device : devices()) {
                long start = System.nanoTime();
                double error = relativeL2(theirs, ours(device, p, x, 1, y.height(), y.width()));
                System.out.printf("ONNX Runtime vs %s, bundled x3 on butterfly %dx%d: relative L2 %.2e (ours %.1f s)%n", device.info().id(),
                        y.width(), y.height(), error, (System.nanoTime() - start) / 1e9);
                assertTrue(error < TOLERANCE, device.info().id() + ": " + error);
            }
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals("5185", meta.get("training.steps"));
            assertEquals("3", meta.get("scale"));
        }
    }

    @Test
    void userErrorsAreOneSentenceAndWriteNothing(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.safetensors");
        randomModel(5).save(model);
        byte[] before = Files.readAllBytes(model);
        Result r = drcn("export", "--model", model.toString(), "--out", dir.resolve("m.txt").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("must be named *.onnx"), r.err);
        r = drcn("export", "--model", model.toString(), "--out", dir.resolve("m.onnx").toString(), "--height", "5");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("--height and --width together"), r.err);
        r = drcn("export", "--model", dir.resolve("missing.safetensors").toString(), "--out", dir.resolve("m.onnx").toString());
        assertEquals(1, r.code);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        Path notModel = Files.writeString(dir.resolve("x.safetensors"), "hello");
        r = drcn("export", "--model", notModel.toString(), "--out", dir.resolve("m.onnx").toString());
        assertEquals(1, r.code);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        r = drcn("export", "--model", model.toString(), "--out", dir.resolve("nope/m.onnx").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("does not exist"), r.err);
        assertArrayEquals(before, Files.readAllBytes(model));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("m.safetensors", "x.safetensors"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    record Result(int code, String out, String err) {}

    static synchronized Result drcn(String... args) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** What the test needs of a ModelProto, read with protobuf's wire-format reader (not by our writer's code). */
    static final class Graph {
        long irVersion, opset;
        final List<String> initializers = new ArrayList<>();
        final List<String> ops = new ArrayList<>();
        final Map<String, Integer> inputUses = new HashMap<>();

        int uses(String value) { return inputUses.getOrDefault(value, 0); }

        static Graph parse(byte[] bytes) throws IOException {
            Graph g = new Graph();
            CodedInputStream model = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = model.readTag()) != 0; ) {
                switch (tag >>> 3) {
                    case 1 -> g.irVersion = model.readInt64();
                    case 7 -> g.graph(model.readByteArray());
                    case 8 -> {
                        CodedInputStream opset = CodedInputStream.newInstance(model.readByteArray());
                        for (int t; (t = opset.readTag()) != 0; ) {
                            if (t >>> 3 == 2) g.opset = opset.readInt64();
                            else opset.skipField(t);
                        }
                    }
                    default -> model.skipField(tag);
                }
            }
            return g;
        }

        private void graph(byte[] bytes) throws IOException {
            CodedInputStream graph = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = graph.readTag()) != 0; ) {
                switch (tag >>> 3) {
                    case 1 -> node(graph.readByteArray());
                    case 5 -> {
                        CodedInputStream tensor = CodedInputStream.newInstance(graph.readByteArray());
                        for (int t; (t = tensor.readTag()) != 0; ) {
                            if (t >>> 3 == 8) initializers.add(tensor.readString());
                            else tensor.skipField(t);
                        }
                    }
                    default -> graph.skipField(tag);
                }
            }
        }

        private void node(byte[] bytes) throws IOException {
            CodedInputStream node = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = node.readTag()) != 0; ) {
                switch (tag >>> 3) {
                    case 1 -> inputUses.merge(node.readString(), 1, Integer::sum);
                    case 4 -> ops.add(node.readString());
                    default -> node.skipField(tag);
                }
            }
        }
    }
}
