package drcn.compiler.emit;

/** The C dialects the emitter writes. What differs between them lives in one table, {@link DialectTable}, which {@link CEmitter} consults. */
public enum Dialect { OPENCL, CUDA }
