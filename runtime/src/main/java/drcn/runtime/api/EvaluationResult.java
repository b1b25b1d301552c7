package drcn.runtime.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The scores of a model on a folder of test images, with the super-resolution literature's protocol: each
 * high-resolution image is cropped to a multiple of the scale, downscaled by MATLAB's bicubic {@code imresize},
 * upscaled back (bicubic, then DRCN on the Y channel), and compared on Y (BT.601) with {@code scale} pixels
 * shaved off every border. PSNR in dB, SSIM in [0, 1].
 *
 * @param data            the folder
 * @param scale           the factor of the downscaling and upscaling
 * @param psnr            DRCN's mean PSNR over the images
 * @param ssim            DRCN's mean SSIM
 * @param bicubicPsnr     the bicubic baseline's mean PSNR
 * @param bicubicSsim     the bicubic baseline's mean SSIM
 * @param recursionPsnr   mean PSNR of each of the D recursions' own predictions (the ensemble combines them)
 * @param images          the scores per image, sorted by file name
 */
public record EvaluationResult(Path data, int scale, double psnr, double ssim, double bicubicPsnr, double bicubicSsim,
                               double[] recursionPsnr, List<Image> images) {

    /** One image's scores. */
    public record Image(String name, double psnr, double ssim, double bicubicPsnr, double bicubicSsim) {}

    /** DRCN's gain over bicubic in mean PSNR, dB. */
    public double gain() {
        return psnr - bicubicPsnr;
    }
}
