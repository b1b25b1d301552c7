#!/usr/bin/env python3
"""PyTorch as a peer of `drcn bench`: times the same work as the Java suite, shape for shape.

Reads the request that `drcn bench --peer pytorch` writes (a JSON list of {name, shape, params}),
times each benchmark it knows and writes {"peer", "version", "device", "threads", "results":
[{"name", "shape", "ms"}]} (ms = median of the timed runs; null for a benchmark it cannot run).
Run with Debian's torch:  /usr/bin/python3 bench/peers/torch_bench.py --request R.json --out P.json

What is timed mirrors the Java harnesses: fp32 NCHW, 3x3 convs with zero padding 1, the device
synchronised inside every timed run (torch.cuda.synchronize on a GPU), warm-up runs first.
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn.functional as F


def timer(device):
    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()
    return sync


def median_ms(fn, sync, warmup, min_runs, min_seconds):
    """Median of at least min_runs timed calls (more while under min_seconds), after warmup calls."""
    for _ in range(warmup):
        fn()
    sync()
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - start < min_seconds and len(times) < 1000):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


class Drcn(torch.nn.Module):
    """DRCN as in the paper and bench/peers/drcn_reference.py: embed (2 convs + ReLU), one shared conv
    applied D times, a shared reconstruction (conv + ReLU, conv to 1 channel) on every H_d plus the
    input (skip), and a learned weighted sum of the D predictions."""

    def __init__(self, filters, recursions, channels=1):
        super().__init__()
        conv = lambda cin, cout: torch.nn.Conv2d(cin, cout, 3, padding=1)
        self.embed1, self.embed2 = conv(channels, filters), conv(filters, filters)
        self.infer = conv(filters, filters)
        self.recon1, self.recon2 = conv(filters, filters), conv(filters, channels)
        self.ensemble = torch.nn.Parameter(torch.full((recursions,), 1.0 / recursions))
        self.recursions = recursions

    def forward(self, x):
        h = F.relu(self.embed2(F.relu(self.embed1(x))))
        states = []
        for _ in range(self.recursions):
            h = F.relu(self.infer(h))
            states.append(h)
        # the reconstruction of all D states as one batch, as our runtime does
        batch = torch.cat(states, 0)
        preds = self.recon2(F.relu(self.recon1(batch))).view(self.recursions, *x.shape) + x
        out = torch.einsum("d,dnchw->nchw", self.ensemble, preds)
        return preds, out

    def conv_weights(self):
        return [self.embed1.weight, self.embed2.weight, self.infer.weight, self.recon1.weight, self.recon2.weight]


def bench_one(name, p, device, sync, t):
    f, d, n = p.get("filters", 64), p.get("recursions", 16), p.get("batch", 1)
    s = p.get("size") or p.get("patch") or p.get("image")
    rand = lambda *shape: torch.rand(*shape, device=device) * 2 - 1
    if name.startswith("conv."):
        x, w, b, g = rand(n, f, s, s), rand(f, f, 3, 3), rand(f), rand(n, f, s, s)
        aten_bwd = torch.ops.aten.convolution_backward
        bwd = lambda mask: aten_bwd(g, x, w, [f], [1, 1], [1, 1], [1, 1], False, [0, 0], 1, mask)
        fn = {
            "conv.forward": lambda: F.conv2d(x, w, b, padding=1),
            "conv.forwardRelu": lambda: F.relu(F.conv2d(x, w, b, padding=1)),
            "conv.backwardInput": lambda: bwd([True, False, False]),
            "conv.backwardWeights": lambda: bwd([False, True, False]),
            "conv.backwardBias": lambda: g.sum((0, 2, 3)),
        }.get(name)
    elif name == "relu.backward":
        h, dh = F.relu(rand(n, f, s, s)), rand(n, f, s, s)
        fn = lambda: torch.ops.aten.threshold_backward(dh, h, 0.0)
    elif name == "ensemble.forward":
        preds, w = rand(d, n, 1, s, s), rand(d)
        fn = lambda: torch.einsum("d,dnchw->nchw", w, preds)
    elif name == "ensemble.backward":
        preds, w, g = rand(d, n, 1, s, s), rand(d), rand(n, 1, s, s)
        fn = lambda: (w.view(d, 1, 1, 1, 1) * g, torch.einsum("nchw,dnchw->d", g, preds))
    elif name == "sgd.step":
        model = Drcn(f, d).to(device)
        for q in model.parameters():
            q.grad = torch.rand_like(q)
        opt = torch.optim.SGD(model.parameters(), lr=1e-6, momentum=0.9)
        fn = opt.step
    elif name == "drcn.inference":
        model = Drcn(f, d).to(device).eval()
        image = torch.rand(1, 1, s, s)

        def fn():
            with torch.no_grad():
                _, out = model(image.to(device))
                return out.cpu()  # host in, host out, as the Java benchmark
    elif name == "drcn.trainStep":
        model = Drcn(f, d).to(device)
        opt = torch.optim.SGD(model.parameters(), lr=1e-6, momentum=0.9)
        x, y = torch.rand(n, 1, s, s), torch.rand(n, 1, s, s)
        a, beta = 0.5, 1e-4

        def fn():
            xd, yd = x.to(device), y.to(device)
            opt.zero_grad(set_to_none=False)
            preds, out = model(xd)
            l1 = torch.stack([F.mse_loss(preds[i], yd) for i in range(d)]).mean()
            l2 = F.mse_loss(out, yd)
            decay = sum((w * w).sum() for w in model.conv_weights())
            loss = a * l1 + (1 - a) * l2 + beta * decay
            loss.backward()
            opt.step()
    else:
        fn = None
    if fn is None:
        return None
    return median_ms(fn, sync, **t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--request", required=True, help="JSON list of {name, shape, params} from drcn bench")
    ap.add_argument("--out", required=True, help="where to write the results JSON")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="cuda falls back to cpu when unavailable")
    ap.add_argument("--quick", action="store_true", help="fewer timed runs")
    args = ap.parse_args()

    # All cores, as a user would run it; DRCN_PEER_THREADS overrides (on a shared, loaded machine
    # OpenMP threads that outnumber the free cores spin and slow torch down by 10-100x).
    threads = int(os.environ.get("DRCN_PEER_THREADS", os.cpu_count()))
    torch.set_num_threads(threads)
    use_cuda = args.device == "cuda" and torch.cuda.is_available()
    if use_cuda:
        # fp32 against fp32: cuDNN would otherwise run convolutions in TF32 (10-bit mantissa) on
        # Ampere and later; our kernels compute in full fp32. cuDNN may pick its fastest algorithm.
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
    device = torch.device("cuda" if use_cuda else "cpu")
    name = torch.cuda.get_device_name(0) if use_cuda else "CPU, %d threads" % threads
    t = dict(warmup=2, min_runs=3, min_seconds=1.0) if args.quick else dict(warmup=5, min_runs=10, min_seconds=5.0)
    torch.manual_seed(0)

    with open(args.request) as f:
        request = json.load(f)
    results = []
    for entry in request:
        params = {k: int(v) for k, v in entry["params"].items() if k != "device"}
        ms = bench_one(entry["name"], params, device, timer(device), t)
        print("  pytorch %-22s %-22s %s" % (entry["name"], entry["shape"], "-" if ms is None else "%.3f ms" % ms), flush=True)
        results.append({"name": entry["name"], "shape": entry["shape"], "ms": ms})
    with open(args.out, "w") as f:
        json.dump({"peer": "pytorch", "version": torch.__version__, "device": name, "threads": threads,
                   "precision": "fp32 (TF32 off)" if use_cuda else "fp32",
                   "cudnn": torch.backends.cudnn.version() if use_cuda else None,
                   "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
