package drcn.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static drcn.runtime.cli.EvalUpscaleCommandTest.assertOneSentence;
import static drcn.runtime.cli.EvalUpscaleCommandTest.drcn;
import static drcn.runtime.cli.EvalUpscaleCommandTest.names;
import static org.junit.jupiter.api.Assertions.*;

/** {@code drcn train}: numeric options out of range end in one sentence naming the option, before anything runs. */
class TrainCommandTest {

    private static void refused(Path dir, String expected, String... options) {
        var args = new java.util.ArrayList<>(List.of("train", "--data", dir.toString(), "--out", dir.resolve("m.safetensors").toString(),
                "--validate-every", "0", "--device", "jvm", "--no-chart"));
        args.addAll(List.of(options));
        if (!args.contains("--minutes") && !args.contains("--steps")) args.addAll(List.of("--steps", "5"));
        var r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> drcn(args.toArray(String[]::new)));
        assertOneSentence(r, expected);
        assertEquals(List.of(), names(dir), "nothing written");
    }

    @Test
    void minutesMustBeFinite(@TempDir Path dir) {
        refused(dir, "--minutes must be a finite number", "--minutes", "NaN");
        refused(dir, "--minutes must be a finite number", "--minutes", "Infinity");
        refused(dir, "--minutes must be a finite number", "--minutes", "-2");
    }

    @Test
    void numbersAreCheckedBeforeTheFoldersAreLookedFor(@TempDir Path dir) {
        // No --data and validation on: the default folders are not looked for when a number is already wrong.
        var r = drcn("train", "--out", dir.resolve("m.safetensors").toString(), "--minutes", "NaN", "--device", "jvm");
        assertOneSentence(r, "--minutes must be a finite number");
        assertEquals(List.of(), names(dir));
    }

    @Test
    void learningRateMustBePositiveAndFinite(@TempDir Path dir) {
        refused(dir, "--lr must be a finite number above 0, not -1.0", "--lr", "-1");
        refused(dir, "--lr must be a finite number above 0, not NaN", "--lr", "NaN");
        refused(dir, "--lr must be a finite number above 0", "--lr", "0");
    }

    @Test
    void otherNumbersAreRangeChecked(@TempDir Path dir) {
        refused(dir, "--steps must be 0 or more, not -3", "--steps", "-3");
        refused(dir, "--filters must be positive, not 0", "--filters", "0");
        refused(dir, "--recursions must be positive, not -1", "--recursions", "-1");
        refused(dir, "--patch must be positive, not 0", "--patch", "0");
        refused(dir, "--stride must be positive, not 0", "--stride", "0");
        refused(dir, "--batch must be positive, not 0", "--batch", "0");
        refused(dir, "--checkpoint-every must be positive, not 0", "--checkpoint-every", "0");
        refused(dir, "--clip must be a finite number of 0 or more", "--clip", "-0.5");
        refused(dir, "--weight-decay must be a finite number of 0 or more", "--weight-decay", "NaN");
        refused(dir, "--validate-crop must be 0 or more", "--validate-crop", "-1");
        refused(dir, "--a-decay-steps must be 0 or more", "--a-decay-steps", "-1");
        refused(dir, "--stop-after must be 0 or more", "--stop-after", "-1");
    }

    @Test
    void sizesThatOverflowAnIntAreRefused(@TempDir Path dir) {
        // 9 x 20000^2 weights overflowed int and reached the device as "global size must be positive: [-694967296]".
        refused(dir, "--filters 20000 is too large", "--filters", "20000", "--recursions", "1", "--batch", "1");
        // 256 x 101^2 x 512 x 17 activations per step.
        refused(dir, "activations per step", "--filters", "256", "--patch", "101", "--batch", "512", "--recursions", "16");
    }
}
