package drcn.bench.ladder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PyTorch on a ladder's shape, run right after our versions on the same cores (Debian's python3-torch, 2 threads):
 * bench/peers/conv_speed.py (conv2d) or conv_backward_speed.py (convolution_backward), whose lines are echoed
 * with a "torch: " prefix.
 */
final class TorchPeer {
    private TorchPeer() {
    }

    static final String FORWARD = "bench/peers/conv_speed.py";
    static final String BACKWARD = "bench/peers/conv_backward_speed.py";

    /** Runs {@code script} on the shape (batch N of H x W images, Cin -> Cout) with at least 5 timed rounds. */
    static void run(String script, Ladder.Shape s, int rounds) throws Exception {
        Path path = Path.of(script);
        if (!Files.exists(path)) {
            System.out.println("torch: " + path + " not found (run from the repository root)");
            return;
        }
        Process p = new ProcessBuilder("/usr/bin/python3", path.toString(), String.valueOf(s.batch()), String.valueOf(s.in()),
                String.valueOf(s.out()), String.valueOf(s.height()), String.valueOf(s.width()), String.valueOf(Math.max(rounds, 5)))
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) System.out.println("torch: " + line);
        }
        p.waitFor();
    }
}
