package drcn.tornado.api.runtime;

import drcn.tornado.api.common.Access;

import java.io.Serializable;
import java.util.List;

/**
 * What a prebuilt task ({@code TaskGraph.prebuiltTask}) launches in place of a Java method: the kernel {@code entryPoint}
 * of the hand-written source in {@code file}, with its arguments' accesses in order (the arguments themselves are the
 * task's) and the initial values of its atomics region ({@code atomics}, empty when none).
 */
public record Prebuilt(String entryPoint, String file, List<Access> accesses, int[] atomics) implements Serializable {}
