package example;

import drcn.runtime.api.DrcnModel;
import drcn.runtime.api.EvaluationResult;

import javax.imageio.ImageIO;
import java.io.File;
import java.nio.file.Path;

public class Upscale {
    public static void main(String[] args) throws Exception {
        // args: MODEL.safetensors SMALL.png OUT.png TEST_FOLDER
        try (DrcnModel model = DrcnModel.load(Path.of(args[0]))) {
            ImageIO.write(model.upscale(ImageIO.read(new File(args[1]))), "png", new File(args[2]));
            EvaluationResult scores = model.evaluate(Path.of(args[3]), model.scale());
            System.out.printf("x%d on %s: DRCN %.2f dB, bicubic %.2f dB%n",
                    model.scale(), model.device(), scores.psnr(), scores.bicubicPsnr());
        }
    }
}
