package drcn.runtime.api;

import drcn.runtime.UserException;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.eval.Evaluation;
import drcn.runtime.eval.ModelFiles;
import drcn.runtime.eval.SuperResolution;
import drcn.runtime.eval.Upscaler;
import drcn.runtime.image.Image8;
import drcn.runtime.image.Images;
import drcn.runtime.model.DrcnParameters;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained DRCN on a device, ready to upscale images. Load one, use it for as many images as you like, close it:
 * <pre>{@code
 * try (DrcnModel model = DrcnModel.load(Path.of("data/models/drcn_x3.safetensors"))) {
 *     BufferedImage large = model.upscale(ImageIO.read(new File("small.png")));
 *     EvaluationResult set5 = model.evaluate(Path.of("data/Set5"), 3);
 * }
 * }</pre>
 * Upscaling is bicubic interpolation of every channel followed by DRCN on the luma (Y of BT.601 YCbCr); the
 * chroma stays bicubic, a gray image stays gray. Large images run in overlapping tiles whose seams cannot show
 * (the result equals the untiled one up to float rounding). A model is not thread-safe: use one per thread.
 */
public final class DrcnModel implements AutoCloseable {
    private final Device device;
    private final DrcnParameters parameters;
    private final Upscaler upscaler;

    private DrcnModel(Device device, DrcnParameters parameters) {
        this.device = device;
        this.parameters = parameters;
        this.upscaler = new Upscaler(device, parameters, Upscaler.DEFAULT_TILE);
    }

    /**
     * Loads a model file (safetensors, as {@code drcn train} writes and {@code data/models} holds) onto the default
     * device: {@code drcn.backend}/{@code drcn.device} of tornado.properties or system properties, else the fastest
     * device present (CUDA, then OpenCL, then the JVM).
     *
     * @throws UserException (a {@link drcn.runtime.model.ModelFileException} for a damaged file) in one sentence
     */
    public static DrcnModel load(Path modelFile) {
        return open(modelFile, null);
    }

    /**
     * Loads a model file onto a named device.
     *
     * @param device {@code auto}, {@code jvm}, {@code opencl}, {@code cuda}, or an id such as {@code opencl:0} (as {@code drcn devices} lists them)
     */
    public static DrcnModel load(Path modelFile, String device) {
        return open(modelFile, device);
    }

    /**
     * The model bundled with this project for {@code scale} ({@code data/models/drcn_x{scale}.safetensors} under
     * the system property {@code drcn.home}, or the working folder or one of its parents), on the default device.
     */
    public static DrcnModel bundled(int scale) {
        return open(ModelFiles.bundled(scale, false), null);
    }

    private static DrcnModel open(Path modelFile, String deviceId) {
        if (Files.isDirectory(modelFile)) throw new UserException("Model path " + modelFile + " is a folder, not a model file.");
        DrcnParameters parameters = DrcnParameters.load(modelFile);
        if (parameters.config().channels() != 1) {
            throw new UserException("Model file " + modelFile + " works on " + parameters.config().channels()
                    + " channels; upscaling runs DRCN on the Y channel alone (1 channel).");
        }
        Device device = deviceId == null ? Backends.openFromSettings() : Backends.open(deviceId, 0);
        return new DrcnModel(device, parameters);
    }

    /** The factor the model was trained for. */
    public int scale() {
        return parameters.config().scale();
    }

    /** Filters F of each hidden layer. */
    public int filters() {
        return parameters.config().filters();
    }

    /** Recursions D of the shared inference convolution. */
    public int recursions() {
        return parameters.config().recursions();
    }

    /** The device the model runs on, e.g. {@code opencl:0}. */
    public String device() {
        return device.info().id();
    }

    /** Upscales {@code image} by the model's own {@link #scale()}. */
    public BufferedImage upscale(BufferedImage image) {
        return upscale(image, scale());
    }

    /**
     * Upscales {@code image} by {@code scale}: the result is {@code scale} times as wide and as high. Alpha is
     * dropped. A model runs at any factor, best at the one it was trained for.
     */
    public BufferedImage upscale(BufferedImage image, int scale) {
        return upscale(image, scale, false);
    }

    /**
     * As {@link #upscale(BufferedImage, int)}; with {@code selfEnsemble} the mean of the network's outputs over the 8
     * flips and rotations of the input (8 times the work, usually 0.1-0.2 dB better).
     */
    public BufferedImage upscale(BufferedImage image, int scale, boolean selfEnsemble) {
        if (scale < 2) throw new UserException("The scale must be 2 or more, not " + scale + ".");
        Image8 result = SuperResolution.upscale(Images.fromBufferedImage(image), scale, upscaler, selfEnsemble);
        return Images.toBufferedImage(result);
    }

    /**
     * Scores the model and bicubic on every PNG, BMP and JPEG image of {@code folder} (the high-resolution
     * originals, e.g. {@code data/Set5}) at {@code scale}; see {@link EvaluationResult} for the protocol.
     */
    public EvaluationResult evaluate(Path folder, int scale) {
        if (scale < 2) throw new UserException("The scale must be 2 or more, not " + scale + ".");
        Evaluation.Report report = Evaluation.run(folder, scale, upscaler, Images.DEFAULT_MAX_PIXELS, name -> {});
        List<EvaluationResult.Image> images = new ArrayList<>();
        for (int i = 0; i < report.drcn().images().size(); i++) {
            Evaluation.ImageScore d = report.drcn().images().get(i), b = report.bicubic().images().get(i);
            images.add(new EvaluationResult.Image(d.name(), d.psnr(), d.ssim(), b.psnr(), b.ssim()));
        }
        return new EvaluationResult(folder, scale, report.drcn().meanPsnr(), report.drcn().meanSsim(),
                report.bicubic().meanPsnr(), report.bicubic().meanSsim(), report.drcn().meanRecursionPsnr(), List.copyOf(images));
    }

    /** Frees the model's device memory and the device. */
    @Override
    public void close() {
        try (device) {
            upscaler.close();
        }
    }
}
