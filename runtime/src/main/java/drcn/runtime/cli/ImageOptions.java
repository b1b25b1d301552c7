package drcn.runtime.cli;

import drcn.runtime.eval.Upscaler;
import picocli.CommandLine.Option;

/** {@code --tile} and {@code --max-pixels} of the commands that run DRCN over image files (eval, upscale). */
public final class ImageOptions {
    @Option(names = "--tile", paramLabel = "N", defaultValue = "" + Upscaler.DEFAULT_TILE,
            description = "Run DRCN in tiles of N x N output pixels (tiles overlap by the receptive field, so the result matches "
                    + "the untiled one to float rounding); 0: whole images (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "64000000",
            description = "Refuse images of more pixels: inputs, and the results upscale would write (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    /** Refuses a --tile that is neither 0 nor large enough, before a model is loaded or a device opened. */
    void check() {
        Upscaler.checkTile(tile);
    }
}
