package drcn.compiler.emit;

/** The C dialects the emitter writes. What differs between them lives in {@link CEmitter}'s dialect table. */
public enum Dialect { OPENCL, CUDA }
