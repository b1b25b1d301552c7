package drcn.bench.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drcn.bench.DrcnInferenceBench;
import drcn.bench.Report;
import drcn.runtime.backends.Backends;
import drcn.runtime.backend.Device;
import drcn.runtime.export.OnnxExport;
import drcn.runtime.model.Drcn;
import drcn.runtime.model.DrcnParameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The onnxruntime peer on a small DRCN (F=4 D=3, 16x16) against the jvm device: the bench's exported model agrees
 * and is timed; an output that is not ours (one value moved) is not timed.
 */
class OnnxRuntimePeerTest {
    static final int F = 4, D = 3, S = 16;

    @Test
    void agreeingOutputIsTimedAndAWrongOneIsNot() throws Exception {
        DrcnParameters p = DrcnInferenceBench.parameters(F, D);
        float[] input = DrcnInferenceBench.input(S);
        float[] ours;
        try (Device jvm = Backends.open("jvm", 0); Drcn model = Drcn.forInference(jvm, p.config(), 1, S, S)) {
            model.setParameters(p);
            model.forward(input);
            ours = model.output();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = OnnxRuntimePeer.options(1, false);
             OrtSession session = env.createSession(OnnxExport.export(p, S, S, "test"), options)) {
            Double ms = OnnxRuntimePeer.timeIfAgrees(env, session, input, ours, S, true, "F=4 D=3 16x16", "jvm");
            assertNotNull(ms);
            assertTrue(ms > 0, "ms " + ms);

            float[] wrong = ours.clone();
            wrong[S * S / 2] += 1f;   // one pixel off by a whole unit of the [0,1] range: relative L2 ~ 1e-1
            assertNull(OnnxRuntimePeer.timeIfAgrees(env, session, input, wrong, S, true, "F=4 D=3 16x16", "jvm"));
        }
    }

    @Test
    void theReportLineNamesVersionDeviceThreadsAndPrecision() {
        ObjectNode facts = Report.JSON.createObjectNode();
        facts.put("peer", "onnxruntime").put("version", "1.23.2").put("device", "CPU provider (MLAS)").put("threads", 2).put("precision", "fp32");
        assertEquals("onnxruntime 1.23.2 on CPU provider (MLAS), 2 threads, fp32", Peers.describe(facts));
    }
}
