/**
 * DRCN super-resolution as a Java library: the entry points a program outside this project uses.
 *
 * <ul>
 *   <li>{@link drcn.runtime.api.DrcnModel}: load a model file, upscale a {@link java.awt.image.BufferedImage},
 *       score a folder of test images ({@link drcn.runtime.api.EvaluationResult});</li>
 *   <li>{@link drcn.runtime.api.DrcnTrainer}: train a model on a folder of images, configured by a builder.</li>
 * </ul>
 *
 * <p>Maven coordinates: {@code drcn:drcn-runtime:0.1.0-SNAPSHOT} (after {@code ./mvnw install} in this project).
 * Every JVM that uses it runs with {@code --enable-native-access=ALL-UNNAMED} (the OpenCL and CUDA backends
 * call their drivers through the FFM API) and, when OpenCL runs on the CPU through PoCL, with
 * {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (PoCL's LLVM installs signal handlers that would otherwise
 * replace the JVM's). Without OpenCL or CUDA everything runs on the JVM backend, slowly.
 *
 * <p>Errors a caller can cause (a missing file, a file that is not a model, an image too small to score) are
 * {@link drcn.runtime.UserException}s and their subclasses, each with a one-sentence message.
 */
package drcn.runtime.api;
