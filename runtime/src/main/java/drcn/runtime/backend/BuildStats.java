package drcn.runtime.backend;

/**
 * What building programs has cost one device so far ({@link Device#buildStats}): the driver's share of JIT time (the
 * IR-to-C share is {@link drcn.runtime.jit.KernelJit#emitNanos()}).
 *
 * @param buildNanos  wall time inside the driver build (OpenCL: clBuildProgram and friends; CUDA: NVRTC and the
 *                    module load), for source and cached-binary builds alike
 * @param cacheHits   programs loaded from the disk cache (binary accepted by the driver)
 * @param cacheMisses programs built from source (no cache entry, or the driver refused the cached binary)
 * @param memoryHits  compile() calls answered from the device's in-memory cache (no driver work)
 */
public record BuildStats(long buildNanos, long cacheHits, long cacheMisses, long memoryHits) {}
