#!/usr/bin/env python3
"""PyTorch reference of a tiny DRCN: writes the parity data the Java tests check against.

Run with Debian's torch:  /usr/bin/python3 bench/peers/drcn_reference.py
See bench/peers/README.md for what each output file holds.

The parameters, input and target are drawn in float32 and stored as float32. Every result is
then computed in float64 FROM THOSE SAME float32 VALUES and cast to float32 only when stored, so
a stored result is the correctly rounded answer for the stored inputs, the best reference a
float32 implementation can be held to. The same pass in float32 is also run and its distance to
the float64 one recorded in the metadata, to show what float32 accumulation error looks like.

The safetensors files are written by hand (JSON header + raw bytes) so no package beyond torch
is needed.
"""
import argparse
import json
import os
import struct
import sys
import tempfile

import torch
import torch.nn.functional as Fn

PARAM_SHAPES = lambda F, D: {  # noqa: E731  (the fixed names and layouts of the project)
    "embed1.weight": [F, 1, 3, 3], "embed1.bias": [F],
    "embed2.weight": [F, F, 3, 3], "embed2.bias": [F],
    "infer.weight": [F, F, 3, 3], "infer.bias": [F],
    "recon1.weight": [F, F, 3, 3], "recon1.bias": [F],
    "recon2.weight": [1, F, 3, 3], "recon2.bias": [1],
    "ensemble.weight": [D],
}
DECAYED = ["embed1.weight", "embed2.weight", "infer.weight", "recon1.weight", "recon2.weight"]


def make_parameters(F, D, gen):
    """Non-trivial float32 parameters: weights ~ N(0, 0.3^2), nonzero biases, positive ensemble weights."""
    p = {}
    for name, shape in PARAM_SHAPES(F, D).items():
        if name == "ensemble.weight":
            # Positive and not uniform, summing to about 1 as a trained ensemble would.
            w = torch.rand(shape, generator=gen) + 0.5
            p[name] = w / w.sum()
        elif name.endswith(".bias"):
            p[name] = torch.randn(shape, generator=gen) * 0.1
        else:
            p[name] = torch.randn(shape, generator=gen) * 0.3
    return {k: v.to(torch.float32) for k, v in p.items()}


def forward(p, x, D):
    """DRCN forward; returns (H0, [H_1..H_D], [pred_1..pred_D], ensemble output)."""
    h = torch.relu(Fn.conv2d(x, p["embed1.weight"], p["embed1.bias"], padding=1))
    h0 = torch.relu(Fn.conv2d(h, p["embed2.weight"], p["embed2.bias"], padding=1))
    hs, preds = [], []
    h = h0
    for _ in range(D):  # ONE conv, shared by every recursion
        h = torch.relu(Fn.conv2d(h, p["infer.weight"], p["infer.bias"], padding=1))
        hs.append(h)
    for hd in hs:  # ONE reconstruction net, shared by every state; skip connection adds x back
        r = torch.relu(Fn.conv2d(hd, p["recon1.weight"], p["recon1.bias"], padding=1))
        preds.append(Fn.conv2d(r, p["recon2.weight"], p["recon2.bias"], padding=1) + x)
    out = sum(p["ensemble.weight"][d] * preds[d] for d in range(D))
    return h0, hs, preds, out


def loss_terms(p, preds, out, y, a, b):
    D = len(preds)
    l1 = sum(Fn.mse_loss(pd, y) for pd in preds) / D
    l2 = Fn.mse_loss(out, y)
    decay = sum((p[k] ** 2).sum() for k in DECAYED)
    return a * l1 + (1 - a) * l2 + b * decay, l1, l2, decay


def run(params32, x32, y32, D, a, b, dtype):
    """Forward + backward in `dtype`, starting from the float32 values."""
    p = {k: v.to(dtype).clone().requires_grad_(True) for k, v in params32.items()}
    x, y = x32.to(dtype), y32.to(dtype)
    h0, hs, preds, out = forward(p, x, D)
    for t in preds:
        t.retain_grad()
    loss, l1, l2, decay = loss_terms(p, preds, out, y, a, b)
    loss.backward()
    return dict(p=p, h0=h0, hs=hs, preds=preds, out=out, loss=loss, l1=l1, l2=l2, decay=decay)


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors as the spec says: u64 header length, space-padded JSON, sorted data; atomic."""
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    js = json.dumps(header, separators=(",", ":")).encode("utf-8")
    js += b" " * (-len(js) % 8)  # data section 8-byte aligned
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(js)))
            f.write(js)
            for blob in blobs:
                f.write(blob)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a data file is not
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def max_rel_diff(a, b):
    a, b = a.detach().double(), b.detach().double()
    return float(((a - b).abs().max() / b.abs().max().clamp_min(1e-30)))


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "runtime", "src", "test", "resources", "parity"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shape", nargs=5, type=int, metavar=("F", "D", "N", "H", "W"), default=[4, 3, 2, 9, 9],
                    help="filters, recursions, batch, height, width (default: 4 3 2 9 9)")
    ap.add_argument("--out", default=default_out, help="output folder (default: the Java test resources)")
    ap.add_argument("--parity-out", default=os.path.normpath(os.path.join(here, "..", "..", "runtime", "src", "main", "resources", "drcn", "selftest")),
                    help="folder of the main parity file (default: the runtime's selftest resources)")
    ap.add_argument("--prefix", default=None, help="file name prefix (default: tiny_drcn, or drcn_FxD_NxHxW with --shape)")
    ap.add_argument("--seed", type=int, default=20160627)
    ap.add_argument("--a", type=float, default=0.3, help="weight of the recursive supervision l1")
    ap.add_argument("--b", type=float, default=1e-2, help="weight decay; large so the decay term shows in the check")
    ap.add_argument("--scale", type=int, default=3, help="the scale recorded in the model file")
    args = ap.parse_args(argv)
    F, D, N, H, W = args.shape
    prefix = args.prefix or ("tiny_drcn" if args.shape == [4, 3, 2, 9, 9] else f"drcn_{F}x{D}_{N}x{H}x{W}")
    os.makedirs(args.out, exist_ok=True)

    gen = torch.Generator().manual_seed(args.seed)
    params = make_parameters(F, D, gen)
    x = torch.rand([N, 1, H, W], generator=gen, dtype=torch.float32)           # an interpolated LR patch in [0,1]
    y = (x + 0.1 * torch.randn([N, 1, H, W], generator=gen)).to(torch.float32)  # HR = LR + detail

    r64 = run(params, x, y, D, args.a, args.b, torch.float64)
    r32 = run(params, x, y, D, args.a, args.b, torch.float32)
    diff32 = {
        "ensemble_output": max_rel_diff(r32["out"], r64["out"]),
        "loss": max_rel_diff(r32["loss"], r64["loss"]),
        **{f"grad.{k}": max_rel_diff(r32["p"][k].grad, r64["p"][k].grad) for k in params},
    }

    meta = {
        "what": "DRCN parity data: inputs, parameters, forward results, loss and gradients of a tiny DRCN",
        "made_by": " ".join(["bench/peers/drcn_reference.py"] + (sys.argv[1:] if argv is None else argv)),
        "torch_version": torch.__version__,
        "precision": "inputs and parameters float32; every result computed in float64 from them, stored as float32",
        "filters": F, "recursions": D, "batch": N, "height": H, "width": W, "seed": args.seed,
        "a": repr(args.a), "b": repr(args.b),
        "loss_formula": "a*l1 + (1-a)*l2 + b*decay; l1 = mean_d mse(pred_d, y); l2 = mse(ensemble_output, y); "
                        "decay = sum of squares of the five conv weights (no biases, no ensemble.weight)",
        # The scalars at full precision, for checks tighter than float32 allows.
        "loss_f64": repr(float(r64["loss"])), "l1_f64": repr(float(r64["l1"])),
        "l2_f64": repr(float(r64["l2"])), "decay_f64": repr(float(r64["decay"])),
        "float32_torch_max_rel_diff": json.dumps(diff32, sort_keys=True),
    }
    t = {"input": x, "target": y}
    t.update(params)
    t["predictions"] = torch.stack(r64["preds"])          # [D,N,1,H,W]
    t["ensemble_output"] = r64["out"]                     # [N,1,H,W]
    t["loss"] = r64["loss"].reshape(1)
    t["l1"] = r64["l1"].reshape(1)
    t["l2"] = r64["l2"].reshape(1)
    t["weight_decay"] = r64["decay"].reshape(1)
    t["act.h0"] = r64["h0"]                               # [N,F,H,W] the embedding's output
    t["act.h"] = torch.stack(r64["hs"])                   # [D,N,F,H,W] H_1..H_D
    for k in params:
        t["grad." + k] = r64["p"][k].grad
    t["grad.predictions"] = torch.stack([pd.grad for pd in r64["preds"]])  # dL/dpred_d, [D,N,1,H,W]
    # The main parity file is also what `drcn selftest` checks on any device, so by default it lives
    # in the runtime jar's resources; the model files stay test data.
    main_out = args.parity_out or args.out
    os.makedirs(main_out, exist_ok=True)
    write_safetensors(os.path.join(main_out, prefix + ".safetensors"), t, meta)

    # A model file as the product saves it: parameters only, and the metadata keys it reads.
    model_meta = {
        "format": "drcn", "format_version": 1, "filters": F, "recursions": D, "scale": args.scale,
        "channels": 1, "made_by": "bench/peers/drcn_reference.py (PyTorch " + torch.__version__ + ")",
    }
    write_safetensors(os.path.join(args.out, prefix + "_model.safetensors"), params, model_meta)
    # Its input and output on a differently seeded, non-square input, computed in float64.
    gen_io = torch.Generator().manual_seed(args.seed + 1)
    x_io = torch.rand([1, 1, H + 2, W + 5], generator=gen_io, dtype=torch.float32)
    with torch.no_grad():
        p64 = {k: v.double() for k, v in params.items()}
        _, _, preds_io, out_io = forward(p64, x_io.double(), D)
    write_safetensors(os.path.join(args.out, prefix + "_model_io.safetensors"),
                      {"input": x_io, "ensemble_output": out_io, "predictions": torch.stack(preds_io)},
                      {"model": prefix + "_model.safetensors", "precision": "float64 computation stored as float32",
                       "torch_version": torch.__version__})

    print(f"wrote {prefix}*.safetensors to {args.out}: loss {float(r64['loss']):.9g} "
          f"(l1 {float(r64['l1']):.6g}, l2 {float(r64['l2']):.6g}, decay {float(r64['decay']):.6g})")
    print("float32 torch vs float64, max relative difference:", json.dumps(diff32, sort_keys=True))


if __name__ == "__main__":
    main()
