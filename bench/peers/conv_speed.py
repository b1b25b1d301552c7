"""PyTorch conv2d (3x3, padding 1, bias, fp32) speed on one shape, 2 threads: the peer of the
convolution ladder (bench/src/main/java/drcn/bench/ladder). Usage: conv_speed.py N CIN COUT H W [REPS]."""
import sys, time
import torch

n, cin, cout, h, w = (int(a) for a in sys.argv[1:6])
reps = int(sys.argv[6]) if len(sys.argv) > 6 else 5
torch.set_num_threads(2)
x = torch.randn(n, cin, h, w)
conv = torch.nn.Conv2d(cin, cout, 3, padding=1)
flops = 2.0 * 9 * cin * cout * h * w * n
with torch.no_grad():
    for _ in range(2):
        torch.relu(conv(x))
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        torch.relu(conv(x))
        times.append(time.perf_counter() - t)
times.sort()
print(f"torch {torch.__version__} conv2d+relu N={n} {cin}->{cout} {h}x{w}: min {times[0]*1e3:.2f} ms, "
      f"median {times[len(times)//2]*1e3:.2f} ms, {flops/times[0]/1e9:.1f} GFLOP/s (of the min)")
