"""PyTorch 3x3 convolution backward (padding 1, fp32) speed on one shape, 2 threads: the peer of the
convolution backward ladder (bench/src/main/java/drcn/bench/ladder/ConvBackwardLadder.java).
Times aten::convolution_backward (oneDNN on CPU) for the input gradient alone and the weight gradient
alone (output_mask [1,0,0] and [0,1,0]). Usage: conv_backward_speed.py N CIN COUT H W [REPS]."""
import sys, time
import torch

n, cin, cout, h, w = (int(a) for a in sys.argv[1:6])
reps = int(sys.argv[6]) if len(sys.argv) > 6 else 5
torch.set_num_threads(2)
x = torch.randn(n, cin, h, w)
weight = torch.randn(cout, cin, 3, 3)
dy = torch.randn(n, cout, h, w)
flops = 2.0 * 9 * cin * cout * h * w * n


def backward(mask):
    return torch.ops.aten.convolution_backward(dy, x, weight, [cout], [1, 1], [1, 1], [1, 1], False, [0, 0], 1, mask)


for name, mask in (("input", [True, False, False]), ("weights", [False, True, False])):
    with torch.no_grad():
        for _ in range(2):
            backward(mask)
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            backward(mask)
            times.append(time.perf_counter() - t)
    times.sort()
    print(f"torch {torch.__version__} conv backward {name} N={n} {cin}->{cout} {h}x{w}: min {times[0]*1e3:.2f} ms, "
          f"median {times[len(times)//2]*1e3:.2f} ms, {flops/times[0]/1e9:.1f} GFLOP/s (of the min)")
