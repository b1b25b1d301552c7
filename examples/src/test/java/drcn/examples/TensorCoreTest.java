package drcn.examples;

import drcn.compiler.emit.CEmitter;
import drcn.compiler.emit.Dialect;
import drcn.compiler.ir.Function;
import drcn.compiler.ir.KernelModule;
import drcn.tornado.api.GridScheduler;
import drcn.tornado.api.KernelContext;
import drcn.tornado.api.TaskGraph;
import drcn.tornado.api.TornadoExecutionPlan;
import drcn.tornado.api.WorkerGrid1D;
import drcn.tornado.api.common.TornadoDevice;
import drcn.tornado.api.enums.DataTransferMode;
import drcn.tornado.api.enums.MMAShape;
import drcn.tornado.api.exceptions.TornadoDeviceMMANotSupported;
import drcn.tornado.api.types.BFloat16;
import drcn.tornado.api.types.FP8;
import drcn.tornado.api.types.HalfFloat;
import drcn.tornado.api.types.arrays.ByteArray;
import drcn.tornado.api.types.arrays.FP8Array;
import drcn.tornado.api.types.arrays.FloatArray;
import drcn.tornado.api.types.arrays.HalfFloatArray;
import drcn.tornado.api.types.arrays.IntArray;
import drcn.tornado.api.types.arrays.ShortArray;
import drcn.tornado.api.types.matrix.Matrix8x8Float;
import drcn.kernels.api.TensorCores;
import drcn.tornado.api.annotations.Parallel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * TornadoVM's tensor-core calls (KernelContext.mma and its bf16, s8 and FP8 variants, the fragment loads with byte
 * offsets and swizzles, the stores, the async copies) and its SIMD-group 8x8 matrices, on every device, against plain
 * Java on fresh random inputs. The JVM computes what mma.sync computes with KernelContext's fragment layouts: fp32 sums
 * of exact products from the accumulator in k order, so the GEMMs match the reference bit for bit, and each lane's
 * accumulator holds the elements the PTX ISA assigns it. OpenCL has no tensor cores: the mma kernels fail there before
 * any launch with TornadoDeviceMMANotSupported naming the kernel and the call; the SIMD-group matrices run everywhere.
 * Their CUDA C goes through nvcc and ptxas for sm_80 and sm_90 and holds mma.sync.
 */
class TensorCoreTest {
    static final int WARPS = 2; // warps per work-group in gemmF16

    static List<TornadoDevice> devices() {
        return TaskGraphApiTest.devices();
    }

    // ---- kernels

    /** C = A B + bias (row-major; m x k, k x n), one warp per 16 x 16 tile of C, WARPS warps per group, each with its tiles at a byte offset. */
    public static void gemmF16(KernelContext ctx, HalfFloatArray a, HalfFloatArray b, FloatArray c, int n, int k, float bias) {
        int warp = ctx.localIdx / 32, lane = ctx.localIdx % 32;
        int tile = ctx.groupIdx * WARPS + warp;
        int tileRow = tile / (n / 16) * 16, tileCol = tile % (n / 16) * 16;
        int[] aTile = ctx.allocateIntLocalArray(WARPS * 128); // per warp: 16 x 16 halves, 512 bytes
        int[] bTile = ctx.allocateIntLocalArray(WARPS * 128); // per warp: two 16 x 8 panels, 256 bytes each
        float[] c0 = ctx.mmaFragment(bias);
        float[] c1 = ctx.mmaFragment(bias);
        for (int kb = 0; kb < k; kb += 16) {
            for (int i = lane; i < 128; i += 32) {
                int r = i / 8, kk = i % 8 * 2;
                int ga = (tileRow + r) * k + kb + kk;
                aTile[warp * 128 + i] = (a.get(ga).getHalfFloatValue() & 0xFFFF) | (a.get(ga + 1).getHalfFloatValue() << 16);
                int panel = i / 64, kr = i % 64 / 4, j = i % 4 * 2;
                int gb = (kb + kr) * n + tileCol + panel * 8 + j;
                bTile[warp * 128 + i] = (b.get(gb).getHalfFloatValue() & 0xFFFF) | (b.get(gb + 1).getHalfFloatValue() << 16);
            }
            ctx.localBarrier();
            HalfFloat[] fa = ctx.mmaLoadA(aTile, 16, warp * 512);
            HalfFloat[] fb0 = ctx.mmaLoadB(bTile, 16, warp * 512);
            HalfFloat[] fb1 = ctx.mmaLoadB(bTile, 16, warp * 512 + 256);
            c0 = ctx.mma(fa, fb0, c0, MMAShape.M16N8K16);
            c1 = ctx.mma(fa, fb1, c1, MMAShape.M16N8K16);
            ctx.localBarrier();
        }
        ctx.mmaStore(c0, c, tileRow, tileCol, n);
        ctx.mmaStore(c1, c, tileRow, tileCol + 8, n);
    }

    /** C = A B from bf16 bits (ShortArray), one warp per 16 x 8 tile of C. */
    public static void gemmBF16(KernelContext ctx, ShortArray a, ShortArray b, FloatArray c, int n, int k) {
        int lane = ctx.localIdx;
        int tileRow = ctx.groupIdx / (n / 8) * 16, tileCol = ctx.groupIdx % (n / 8) * 8;
        int[] aTile = ctx.allocateIntLocalArray(128);
        int[] bTile = ctx.allocateIntLocalArray(64);
        float[] acc = ctx.mmaFragment(0f);
        for (int kb = 0; kb < k; kb += 16) {
            for (int i = lane; i < 128; i += 32) {
                int ga = (tileRow + i / 8) * k + kb + i % 8 * 2;
                aTile[i] = (a.get(ga) & 0xFFFF) | (a.get(ga + 1) << 16);
            }
            for (int i = lane; i < 64; i += 32) {
                int gb = (kb + i / 4) * n + tileCol + i % 4 * 2;
                bTile[i] = (b.get(gb) & 0xFFFF) | (b.get(gb + 1) << 16);
            }
            ctx.localBarrier();
            HalfFloat[] fa = ctx.mmaLoadA(aTile, 16);
            HalfFloat[] fb = ctx.mmaLoadB(bTile, 16);
            acc = ctx.mmaBF16(fa, fb, acc, MMAShape.M16N8K16);
            ctx.localBarrier();
        }
        ctx.mmaStore(acc, c, tileRow, tileCol, n);
    }

    /**
     * One 16 x 16 tile of C = A B (k = 16): A through asyncCopyToLocal, B's two 16 x 8 panels through the swizzled
     * HalfFloat tile (the first with swizzleStoreFp16Stride32, the second 256 bytes on with mmaStoreBSwizzled).
     */
    public static void gemmSwizzled(KernelContext ctx, HalfFloatArray a, HalfFloatArray b, FloatArray c) {
        int lane = ctx.localIdx;
        int[] aTile = ctx.allocateIntLocalArray(128);
        HalfFloat[] bTile = ctx.allocateHalfFloatLocalArray(256);
        for (int i = lane; i < 128; i += 32) ctx.asyncCopyToLocal(aTile, i, a, 2 * i);
        ctx.asyncCopyCommit();
        ctx.asyncCopyWaitGroup(0);
        for (int i = lane; i < 128; i += 32) {
            int kr = i / 8, j = i % 8;
            ctx.swizzleStoreFp16Stride32(bTile, kr, j, 8, b.get(kr * 16 + j));
            ctx.mmaStoreBSwizzled(bTile, kr, j, 8, b.get(kr * 16 + 8 + j), 256);
        }
        ctx.localBarrier();
        HalfFloat[] fa = ctx.mmaLoadA(aTile, 16);
        HalfFloat[] fb0 = ctx.mmaLoadBSwizzled(bTile, 16);
        HalfFloat[] fb1 = ctx.mmaLoadBSwizzled(bTile, 16, 256);
        float[] c0 = ctx.mmaFragment(0f);
        float[] c1 = ctx.mmaFragment(0f);
        c0 = ctx.mma(fa, fb0, c0, MMAShape.M16N8K16);
        c1 = ctx.mma(fa, fb1, c1, MMAShape.M16N8K16);
        ctx.mmaStore(c0, c, 0, 0, 16);
        ctx.mmaStore(c1, c, 0, 8, 16);
    }

    /** C = A B + 7 in int32 from int8 (m x k, k x n), one warp per 16 x 8 tile; B packed in TornadoVM's pairs along k. */
    public static void gemmInt8(KernelContext ctx, ByteArray a, ByteArray b, IntArray c, int n, int k) {
        int lane = ctx.localIdx;
        int tileRow = ctx.groupIdx / (n / 8) * 16, tileCol = ctx.groupIdx % (n / 8) * 8;
        int[] aTile = ctx.allocateIntLocalArray(128); // 16 x 32 bytes
        int[] bTile = ctx.allocateIntLocalArray(64);  // 32 x 8 bytes
        int[] acc = ctx.mmaFragmentInt(7);
        for (int kb = 0; kb < k; kb += 32) {
            for (int i = lane; i < 128; i += 32) ctx.asyncCopyToLocal(aTile, i, a, (tileRow + i / 8) * k + kb + i % 8 * 4);
            for (int i = lane; i < 64; i += 32) {
                int k0 = kb + 2 * (i / 4), j = tileCol + i % 4 * 2;
                bTile[i] = (b.get(k0 * n + j) & 0xFF) | (b.get((k0 + 1) * n + j) & 0xFF) << 8
                        | (b.get(k0 * n + j + 1) & 0xFF) << 16 | (b.get((k0 + 1) * n + j + 1) & 0xFF) << 24;
            }
            ctx.localBarrier();
            byte[] fa = ctx.mmaLoadAInt8(aTile, 32);
            byte[] fb = ctx.mmaLoadBInt8(bTile, 32);
            acc = ctx.mmaInt8(fa, fb, acc, MMAShape.M16N8K32);
            ctx.localBarrier();
        }
        ctx.mmaStoreInt(acc, c, tileRow, tileCol, n);
    }

    /** As gemmInt8 with FP8 (e4m3 when e5m2 == 0, else e5m2) and an f32 accumulator. */
    public static void gemmFp8(KernelContext ctx, FP8Array a, FP8Array b, FloatArray c, int n, int k, int e5m2) {
        int lane = ctx.localIdx;
        int tileRow = ctx.groupIdx / (n / 8) * 16, tileCol = ctx.groupIdx % (n / 8) * 8;
        int[] aTile = ctx.allocateIntLocalArray(128);
        int[] bTile = ctx.allocateIntLocalArray(64);
        float[] acc = ctx.mmaFragment(0f);
        for (int kb = 0; kb < k; kb += 32) {
            for (int i = lane; i < 128; i += 32) ctx.asyncCopyToLocal(aTile, i, a, (tileRow + i / 8) * k + kb + i % 8 * 4);
            for (int i = lane; i < 64; i += 32) {
                int k0 = kb + 2 * (i / 4), j = tileCol + i % 4 * 2;
                bTile[i] = (b.get(k0 * n + j) & 0xFF) | (b.get((k0 + 1) * n + j) & 0xFF) << 8
                        | (b.get(k0 * n + j + 1) & 0xFF) << 16 | (b.get((k0 + 1) * n + j + 1) & 0xFF) << 24;
            }
            ctx.localBarrier();
            byte[] fa = ctx.mmaLoadAFP8(aTile, 32);
            byte[] fb = ctx.mmaLoadBFP8(bTile, 32);
            if (e5m2 == 0) acc = ctx.mmaFP8E4M3(fa, fb, acc, MMAShape.M16N8K32);
            else acc = ctx.mmaFP8E5M2(fa, fb, acc, MMAShape.M16N8K32);
            ctx.localBarrier();
        }
        ctx.mmaStore(acc, c, tileRow, tileCol, n);
    }

    /** Each lane's accumulator after one m16n8k16 mma (A 16 x 16, B 16 x 8): out[4 * lane + i] = d[i]. */
    public static void fragmentLayout(KernelContext ctx, HalfFloatArray a, HalfFloatArray b, FloatArray out) {
        int lane = ctx.localIdx;
        int[] aTile = ctx.allocateIntLocalArray(128);
        int[] bTile = ctx.allocateIntLocalArray(64);
        for (int i = lane; i < 128; i += 32) ctx.asyncCopyToLocal(aTile, i, a, 2 * i);
        for (int i = lane; i < 64; i += 32) ctx.asyncCopyToLocal(bTile, i, b, 2 * i);
        ctx.localBarrier();
        HalfFloat[] fa = ctx.mmaLoadA(aTile, 16);
        HalfFloat[] fb = ctx.mmaLoadB(bTile, 16);
        float[] d = ctx.mmaFragment(0.5f);
        float[] e = ctx.mma(fa, fb, d, MMAShape.M16N8K16);
        for (int i = 0; i < 4; i++) out.set(4 * lane + i, e[i]);
    }

    /** C = A B over the SIMD-group primitives: A's 8 x 8 tiles from global memory, B's through a local array, one group per tile of C. */
    public static void simdgroupPrimitives(KernelContext ctx, FloatArray a, FloatArray b, FloatArray c, int n, int k) {
        int tileRow = ctx.groupIdx / (n / 8) * 8, tileCol = ctx.groupIdx % (n / 8) * 8;
        float[] bLocal = ctx.allocateFloatLocalArray(64);
        Matrix8x8Float acc = ctx.simdgroupMatrixZero();
        for (int p = 0; p < k; p += 8) {
            for (int i = ctx.localIdx; i < 64; i += 32) bLocal[i] = b.get((p + i / 8) * n + tileCol + i % 8);
            ctx.localBarrier();
            Matrix8x8Float af = ctx.simdgroupMatrixLoad(a, tileRow * k + p, k);
            Matrix8x8Float bf = ctx.simdgroupMatrixLoad(bLocal, 0, 8);
            acc = ctx.simdgroupMatrixMultiplyAccumulate(af, bf, acc);
            ctx.localBarrier();
        }
        ctx.simdgroupMatrixStore(acc, c, tileRow * n + tileCol, n);
    }

    /** Each 8 x 8 tile of a transposed through get/set of a Matrix8x8Float (plus its (0, 0) element), one group per tile. */
    public static void simdgroupElements(KernelContext ctx, FloatArray a, FloatArray out, int n) {
        int tileRow = ctx.groupIdx / (n / 8) * 8, tileCol = ctx.groupIdx % (n / 8) * 8;
        Matrix8x8Float m = ctx.simdgroupMatrixLoad(a, tileRow * n + tileCol, n);
        Matrix8x8Float t = ctx.simdgroupMatrixZero();
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) t.set(j, i, m.get(i, j) + m.get(0, 0));
        ctx.simdgroupMatrixStore(t, out, tileRow * n + tileCol, n);
    }

    /** C = A B through matrixMultiply8x8, one group per 8 x 8 tile of C. */
    public static void simdgroupMultiply(KernelContext ctx, FloatArray a, FloatArray b, FloatArray c, int n, int k) {
        int tileRow = ctx.groupIdx / (n / 8) * 8, tileCol = ctx.groupIdx % (n / 8) * 8;
        ctx.matrixMultiply8x8(a, tileRow * k, k, b, tileCol, n, c, tileRow * n + tileCol, n, k);
    }

    /** Each element rounded to TF32 (TensorCores.roundTf32). */
    public static void roundToTf32(FloatArray in, FloatArray out) {
        for (@Parallel int i = 0; i < in.getSize(); i++) out.set(i, TensorCores.roundTf32(in.get(i)));
    }

    /**
     * C = A B (m x k, k x n, fp32) on TF32 tensor cores, one warp per 16 x 8 tile of C: with split == 0 one mma per
     * k-step (1xTF32), else 3xTF32: x = big + small (big = roundTf32(x)), A B ~ small(A) big(B) + big(A) small(B) +
     * big(A) big(B), added in that order.
     */
    public static void gemmTf32(KernelContext ctx, FloatArray a, FloatArray b, FloatArray c, int n, int k, int split) {
        int lane = ctx.localIdx;
        int tileRow = ctx.groupIdx / (n / 8) * 16, tileCol = ctx.groupIdx % (n / 8) * 8;
        float[] aTile = ctx.allocateFloatLocalArray(256); // big 16 x 8 at 0, small at 128
        float[] bTile = ctx.allocateFloatLocalArray(128); // big 8 x 8 at 0, small at 64
        float[] acc = ctx.mmaFragment(0f);
        for (int kb = 0; kb < k; kb += 8) {
            for (int i = lane; i < 128; i += 32) {
                float x = a.get((tileRow + i / 8) * k + kb + i % 8);
                aTile[i] = TensorCores.roundTf32(x);
                aTile[128 + i] = x - aTile[i];
            }
            for (int i = lane; i < 64; i += 32) {
                float y = b.get((kb + i / 8) * n + tileCol + i % 8);
                bTile[i] = TensorCores.roundTf32(y);
                bTile[64 + i] = y - bTile[i];
            }
            ctx.localBarrier();
            float[] aBig = TensorCores.loadATf32(ctx, aTile, 0, 8);
            float[] bBig = TensorCores.loadBTf32(ctx, bTile, 0, 8);
            if (split != 0) {
                float[] aSmall = TensorCores.loadATf32(ctx, aTile, 128, 8);
                float[] bSmall = TensorCores.loadBTf32(ctx, bTile, 64, 8);
                acc = TensorCores.mmaTf32(ctx, aSmall, bBig, acc);
                acc = TensorCores.mmaTf32(ctx, aBig, bSmall, acc);
            }
            acc = TensorCores.mmaTf32(ctx, aBig, bBig, acc);
            ctx.localBarrier();
        }
        ctx.mmaStore(acc, c, tileRow, tileCol, n);
    }

    // ---- tests

    @ParameterizedTest
    @MethodSource("devices")
    void f16GemmMatchesTheReference(TornadoDevice device) {
        var r = new Random();
        int m = 16 * (1 + r.nextInt(3)), n = 16 * WARPS * (1 + r.nextInt(2)), k = 16 * (1 + r.nextInt(4));
        HalfFloatArray a = randomHalves(r, m * k), b = randomHalves(r, k * n);
        var c = new FloatArray(m * n);
        float bias = r.nextFloat();
        var graph = new TaskGraph("f16").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TensorCoreTest::gemmF16, new KernelContext(), a, b, c, n, k, bias).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        if (!runsMma(device, graph, "f16.t", m * n / 256 * 32, 32 * WARPS, "gemmF16", "KernelContext.mma")) return;
        assertGemm(m, n, k, bias, (i, p) -> a.get(i).getFloat32(), (p, j) -> b.get(p).getFloat32(), c);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void bf16GemmMatchesTheReference(TornadoDevice device) {
        var r = new Random();
        int m = 16 * (1 + r.nextInt(2)), n = 8 * (1 + r.nextInt(3)), k = 16 * (1 + r.nextInt(4));
        var a = new ShortArray(m * k);
        var b = new ShortArray(k * n);
        for (int i = 0; i < a.getSize(); i++) a.set(i, BFloat16.bf16FromFloat((float) r.nextGaussian()));
        for (int i = 0; i < b.getSize(); i++) b.set(i, BFloat16.bf16FromFloat((float) r.nextGaussian()));
        var c = new FloatArray(m * n);
        var graph = new TaskGraph("bf16").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TensorCoreTest::gemmBF16, new KernelContext(), a, b, c, n, k).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        if (!runsMma(device, graph, "bf16.t", m * n / 128 * 32, 32, "gemmBF16", "KernelContext.mmaBF16")) return;
        assertGemm(m, n, k, 0f, (i, p) -> BFloat16.bf16ToFloat(a.get(i)), (p, j) -> BFloat16.bf16ToFloat(b.get(p)), c);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void swizzledTilesAndAsyncCopiesMatchTheReference(TornadoDevice device) {
        var r = new Random();
        HalfFloatArray a = randomHalves(r, 256), b = randomHalves(r, 256);
        var c = new FloatArray(256);
        var graph = new TaskGraph("swz").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TensorCoreTest::gemmSwizzled, new KernelContext(), a, b, c).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        if (!runsMma(device, graph, "swz.t", 32, 32, "gemmSwizzled", "KernelContext.mma")) return;
        assertGemm(16, 16, 16, 0f, (i, p) -> a.get(i).getFloat32(), (p, j) -> b.get(p).getFloat32(), c);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void int8GemmMatchesTheReference(TornadoDevice device) {
        var r = new Random();
        int m = 16 * (1 + r.nextInt(2)), n = 8 * (1 + r.nextInt(3)), k = 32 * (1 + r.nextInt(3));
        var a = new ByteArray(m * k);
        var b = new ByteArray(k * n);
        for (int i = 0; i < a.getSize(); i++) a.set(i, (byte) r.nextInt());
        for (int i = 0; i < b.getSize(); i++) b.set(i, (byte) r.nextInt());
        var c = new IntArray(m * n);
        var graph = new TaskGraph("s8").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TensorCoreTest::gemmInt8, new KernelContext(), a, b, c, n, k).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        if (!runsMma(device, graph, "s8.t", m * n / 128 * 32, 32, "gemmInt8", "KernelContext.mmaInt8")) return;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = 7;
                for (int p = 0; p < k; p++) s += a.get(i * k + p) * b.get(p * n + j);
                assertEquals(s, c.get(i * n + j), "C[" + i + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void fp8GemmsMatchTheReference(TornadoDevice device) {
        var r = new Random();
        for (int e5m2 = 0; e5m2 < 2; e5m2++) {
            int m = 16, n = 8 * (1 + r.nextInt(2)), k = 32 * (1 + r.nextInt(3));
            var a = new FP8Array(m * k);
            var b = new FP8Array(k * n);
            for (int i = 0; i < a.getSize(); i++) a.set(i, (byte) r.nextInt());
            for (int i = 0; i < b.getSize(); i++) b.set(i, (byte) r.nextInt());
            for (FP8Array x : new FP8Array[] {a, b}) { // no NaN or infinity: their sums have no reference order
                for (int i = 0; i < x.getSize(); i++) if (!Float.isFinite(decode(x.get(i), e5m2))) x.set(i, (byte) 0x38);
            }
            var c = new FloatArray(m * n);
            var graph = new TaskGraph("fp8").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                    .task("t", TensorCoreTest::gemmFp8, new KernelContext(), a, b, c, n, k, e5m2).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
            if (!runsMma(device, graph, "fp8.t", m * n / 128 * 32, 32, "gemmFp8", "KernelContext.mmaFP8E4M3")) return;
            int format = e5m2;
            assertGemm(m, n, k, 0f, (i, p) -> decode(a.get(i), format), (p, j) -> decode(b.get(p), format), c);
        }
    }

    /** Lane l's accumulator element i is D[g + 8 (i >> 1)][2t + (i & 1)], g = l / 4, t = l % 4 (the PTX ISA's m16n8 C/D layout). */
    @ParameterizedTest
    @MethodSource("devices")
    void eachLaneHoldsThePtxFragmentElements(TornadoDevice device) {
        var r = new Random();
        HalfFloatArray a = randomHalves(r, 256), b = randomHalves(r, 128);
        var out = new FloatArray(128);
        var graph = new TaskGraph("layout").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TensorCoreTest::fragmentLayout, new KernelContext(), a, b, out).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        if (!runsMma(device, graph, "layout.t", 32, 32, "fragmentLayout", "KernelContext.mma")) return;
        for (int lane = 0; lane < 32; lane++) {
            for (int i = 0; i < 4; i++) {
                int row = lane / 4 + 8 * (i >> 1), col = 2 * (lane % 4) + (i & 1);
                float s = 0.5f;
                for (int p = 0; p < 16; p++) s += a.get(row * 16 + p).getFloat32() * b.get(p * 8 + col).getFloat32();
                assertEquals(s, out.get(4 * lane + i), "lane " + lane + ", element " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void simdgroupMatricesMatchTheReference(TornadoDevice device) throws Exception {
        var r = new Random();
        int m = 8 * (1 + r.nextInt(4)), n = 8 * (1 + r.nextInt(4)), k = 8 * (1 + r.nextInt(6));
        var a = new FloatArray(m * k);
        var b = new FloatArray(k * n);
        for (int i = 0; i < a.getSize(); i++) a.set(i, r.nextFloat() - 0.5f);
        for (int i = 0; i < b.getSize(); i++) b.set(i, r.nextFloat() - 0.5f);
        var c1 = new FloatArray(m * n);
        var c2 = new FloatArray(m * n);
        var worker = new WorkerGrid1D(m * n / 64 * 32);
        worker.setLocalWork(32, 1, 1);
        var graph = new TaskGraph("sg").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("p", TensorCoreTest::simdgroupPrimitives, new KernelContext(), a, b, c1, n, k)
                .task("m", TensorCoreTest::simdgroupMultiply, new KernelContext(), a, b, c2, n, k)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, c1, c2);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            var grid = new GridScheduler("sg.p", worker);
            grid.addWorkerGrid("sg.m", worker);
            plan.withDevice(device).withGridScheduler(grid).execute();
        }
        assertGemm(m, n, k, 0f, (i, p) -> a.get(i), (p, j) -> b.get(p), c1);
        assertGemm(m, n, k, 0f, (i, p) -> a.get(i), (p, j) -> b.get(p), c2);
    }

    /** Warps are whole: a work-group of 16 cannot run an mma (on OpenCL no group can). */
    @ParameterizedTest
    @MethodSource("devices")
    void partialWarpsAreRejected(TornadoDevice device) {
        var a = new ShortArray(16 * 16);
        var b = new ShortArray(16 * 8);
        var c = new FloatArray(16 * 8);
        var graph = new TaskGraph("part").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                .task("t", TensorCoreTest::gemmBF16, new KernelContext(), a, b, c, 8, 16).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
        var worker = new WorkerGrid1D(32);
        worker.setLocalWork(16, 1, 1);
        var e = assertThrows(RuntimeException.class, () -> {
            try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
                plan.withDevice(device).withGridScheduler(new GridScheduler("part.t", worker)).execute();
            }
        });
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) messages += t.getMessage() + "\n";
        boolean opencl = device.getTornadoVMBackend() == drcn.tornado.api.enums.TornadoVMBackendType.OPENCL;
        assertTrue(messages.contains(opencl ? "KernelContext.mmaBF16, a tensor-core" : "a work-group size that is a multiple of 32; this launch has 16"), messages);
    }

    /** Hand-computed TF32 roundings (10 mantissa bits; to nearest, ties away from zero), as bits: input, expected. */
    static final int[][] TF32_CASES = {
            {0x3F801000, 0x3F802000}, // 1 + 2^-11, halfway: away from zero, 1 + 2^-10
            {0x3F800FFF, 0x3F800000}, // just below halfway: 1
            {0xBF801000, 0xBF802000}, // -(1 + 2^-11): away from zero, -(1 + 2^-10)
            {0x3F803000, 0x3F804000}, // 1 + 3 2^-11, halfway between 1 + 2^-10 and 1 + 2^-9: 1 + 2^-9
            {0x3F802800, 0x3F802000}, // 1 + 2^-10 + 2^-12: below halfway
            {0x3DCCCCCD, 0x3DCCC000}, // 0.1f: dropped bits 0xCCD < 0x1000, down
            {0x3FFFF000, 0x40000000}, // 2 - 2^-11: a carry into the exponent, 2
            {0x7F7FFFFF, 0x7F800000}, // the largest float: past the largest TF32, infinity
            {0x00001000, 0x00002000}, // a subnormal halfway: away from zero
            {0x00000FFF, 0x00000000}, // a subnormal below halfway: +0
            {0x80000001, 0x80000000}, // the smallest negative subnormal: -0
            {0xFF800000, 0xFF800000}, // -infinity stays
    };

    @ParameterizedTest
    @MethodSource("devices")
    void tf32RoundingMatchesHandComputedCases(TornadoDevice device) throws Exception {
        var in = new FloatArray(TF32_CASES.length + 1);
        for (int i = 0; i < TF32_CASES.length; i++) in.set(i, Float.intBitsToFloat(TF32_CASES[i][0]));
        in.set(TF32_CASES.length, Float.NaN);
        var out = new FloatArray(in.getSize());
        var graph = new TaskGraph("tf32").transferToDevice(DataTransferMode.EVERY_EXECUTION, in)
                .task("t", TensorCoreTest::roundToTf32, in, out).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).execute();
        }
        for (int i = 0; i < TF32_CASES.length; i++) {
            assertEquals(Integer.toHexString(TF32_CASES[i][1]), Integer.toHexString(Float.floatToRawIntBits(out.get(i))),
                    "roundTf32 of 0x" + Integer.toHexString(TF32_CASES[i][0]));
            assertEquals(TF32_CASES[i][1], Float.floatToRawIntBits(TensorCores.roundTf32(Float.intBitsToFloat(TF32_CASES[i][0]))));
        }
        assertTrue(Float.isNaN(out.get(TF32_CASES.length)));
    }

    /**
     * 1xTF32 and 3xTF32 GEMMs equal, bit for bit, their definition (operands rounded to TF32, exact products, fp32 sums in
     * order); against a double-precision product 3xTF32 has fp32's accuracy, 1xTF32 TF32's.
     */
    @ParameterizedTest
    @MethodSource("devices")
    void tf32GemmsMatchTheirDefinition(TornadoDevice device) {
        var r = new Random();
        int m = 16 * (1 + r.nextInt(2)), n = 8 * (1 + r.nextInt(3)), k = 8 * (2 + r.nextInt(8));
        var a = new FloatArray(m * k);
        var b = new FloatArray(k * n);
        for (int i = 0; i < a.getSize(); i++) a.set(i, (float) r.nextGaussian());
        for (int i = 0; i < b.getSize(); i++) b.set(i, (float) r.nextGaussian());
        double worst = 0;
        double[] errors = new double[2];
        for (int split = 0; split < 2; split++) {
            var c = new FloatArray(m * n);
            var graph = new TaskGraph("tf32g").transferToDevice(DataTransferMode.EVERY_EXECUTION, a, b)
                    .task("t", TensorCoreTest::gemmTf32, new KernelContext(), a, b, c, n, k, split).transferToHost(DataTransferMode.EVERY_EXECUTION, c);
            if (!runsMma(device, graph, "tf32g.t", m * n / 128 * 32, 32, "gemmTf32", "TensorCores.mmaTf32")) return;
            double err = 0, scale = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    double exact = 0;
                    for (int p = 0; p < k; p += 8) {
                        // per k-step: small(A) big(B), big(A) small(B), then big(A) big(B), each summed over its 8 k
                        for (int term = split == 0 ? 2 : 0; term < 3; term++) {
                            for (int q = p; q < p + 8; q++) {
                                float x = a.get(i * k + q), y = b.get(q * n + j);
                                float xb = TensorCores.roundTf32(x), yb = TensorCores.roundTf32(y);
                                float xs = TensorCores.roundTf32(x - xb), ys = TensorCores.roundTf32(y - yb);
                                s += term == 0 ? xs * yb : term == 1 ? xb * ys : xb * yb;
                            }
                        }
                    }
                    for (int p = 0; p < k; p++) exact += (double) a.get(i * k + p) * b.get(p * n + j);
                    assertEquals(s, c.get(i * n + j), "split " + split + ": C[" + i + "][" + j + "]");
                    err = Math.max(err, Math.abs(c.get(i * n + j) - exact));
                    scale = Math.max(scale, Math.abs(exact));
                }
            }
            errors[split] = err / scale;
        }
        assertTrue(errors[1] < 1e-5 && errors[0] < 4e-3, "relative error 1xTF32 " + errors[0] + ", 3xTF32 " + errors[1]);
        assertTrue(errors[1] < errors[0], "3xTF32 (" + errors[1] + ") is no more accurate than 1xTF32 (" + errors[0] + ")");
    }

    @ParameterizedTest
    @MethodSource("devices")
    void simdgroupTileElementsMatchJava(TornadoDevice device) throws Exception {
        var r = new Random();
        int n = 8 * (1 + r.nextInt(4));
        var a = new FloatArray(n * n);
        for (int i = 0; i < a.getSize(); i++) a.set(i, r.nextFloat());
        var out = new FloatArray(n * n);
        var worker = new WorkerGrid1D(n * n / 64 * 32);
        worker.setLocalWork(32, 1, 1);
        var graph = new TaskGraph("sge").transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
                .task("t", TensorCoreTest::simdgroupElements, new KernelContext(), a, out, n).transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (var plan = new TornadoExecutionPlan(graph.snapshot())) {
            plan.withDevice(device).withGridScheduler(new GridScheduler("sge.t", worker)).execute();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float corner = a.get(i / 8 * 8 * n + j / 8 * 8);
                assertEquals(a.get((i / 8 * 8 + j % 8) * n + j / 8 * 8 + i % 8) + corner, out.get(i * n + j), "out[" + i + "][" + j + "]");
            }
        }
    }

    /** The CUDA C of every kernel here compiles and assembles for sm_80 and sm_90, with mma.sync where the architecture has the instruction. */
    @ParameterizedTest
    @ValueSource(strings = {"sm_80", "sm_90"})
    void cudaCompilesToMmaSync(String arch) throws Exception {
        Assumptions.assumeTrue(CudaTools.present(), "nvcc and ptxas are not on PATH: the CUDA C check is skipped");
        Path dir = Files.createTempDirectory("drcn-tensor-cores");
        KernelModule module;
        try (InputStream in = TensorCoreTest.class.getClassLoader().getResourceAsStream(KernelModule.resourceName(TensorCoreTest.class.getName()))) {
            module = KernelModule.fromBytes(in.readAllBytes());
        }
        int kernels = 0;
        for (Function f : module.functions()) {
            if (!f.kernel()) continue;
            String base = f.javaName() + "_" + arch;
            CudaTools.compileAndAssemble(dir, base, CEmitter.emit(f, List.of(), java.util.Map.of(), Dialect.CUDA), List.of(arch));
            String ptx = Files.readString(dir.resolve(base + ".ptx"));
            if (f.javaName().startsWith("gemm") || f.javaName().equals("fragmentLayout")) {
                boolean fp8 = f.javaName().equals("gemmFp8");
                assertEquals(!fp8 || arch.equals("sm_90"), ptx.contains("mma.sync.aligned"), f.javaName() + " on " + arch + ":\n" + ptx);
                if (fp8 && arch.equals("sm_90")) assertTrue(ptx.contains(".e4m3.e4m3") && ptx.contains(".e5m2.e5m2"), ptx);
            }
            kernels++;
        }
        assertEquals(11, kernels);
    }

    // ---- helpers

    /**
     * Runs the graph on the device and returns true, or, on OpenCL, checks that it fails before any launch with
     * TornadoDeviceMMANotSupported naming the kernel and the first tensor-core call, and returns false.
     */
    private static boolean runsMma(TornadoDevice device, TaskGraph graph, String task, int global, int local, String kernel, String call) {
        var worker = new WorkerGrid1D(global);
        worker.setLocalWork(local, 1, 1);
        Consumer<TaskGraph> run = g -> {
            try (var plan = new TornadoExecutionPlan(g.snapshot())) {
                plan.withDevice(device).withGridScheduler(new GridScheduler(task, worker)).execute();
            } catch (Exception e) {
                throw e instanceof RuntimeException re ? re : new RuntimeException(e);
            }
        };
        if (device.getTornadoVMBackend() != drcn.tornado.api.enums.TornadoVMBackendType.OPENCL) {
            run.accept(graph);
            return true;
        }
        var e = assertThrows(TornadoDeviceMMANotSupported.class, () -> run.accept(graph));
        assertTrue(e.getMessage().contains(kernel) && e.getMessage().contains(call + ","), e.getMessage());
        return false;
    }

    interface Element {
        float at(int index, int unused);
    }

    /** C[i][j] == bias + sum over p of A[i][p] B[p][j], added from p = 0 in fp32 (the products are exact). */
    private static void assertGemm(int m, int n, int k, float bias, Element a, Element b, FloatArray c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = bias;
                for (int p = 0; p < k; p++) s += a.at(i * k + p, 0) * b.at(p * n + j, 0);
                assertEquals(s, c.get(i * n + j), "C[" + i + "][" + j + "]");
            }
        }
    }

    private static float decode(byte bits, int e5m2) {
        return e5m2 == 0 ? FP8.e4m3ToFloat(bits) : FP8.e5m2ToFloat(bits);
    }

    private static HalfFloatArray randomHalves(Random r, int size) {
        var x = new HalfFloatArray(size);
        for (int i = 0; i < size; i++) x.set(i, new HalfFloat((float) r.nextGaussian()));
        return x;
    }
}
