#!/usr/bin/env python3
"""Writes Fixtures/segmentation/example_scene_scores.f32: the reference per-frame speech and overlap scores of
Fixtures/example_scene.flac, as bechdelcli's speech detection combines the segmentation network's windows.

Chunking (pyannote's): 10 s windows starting every 5 s while they fit, plus one window ending at the last sample;
each window's per-frame probabilities come from the reference torch module (scripts/convert_segmentation.py).
Aggregation (pyannote's): a window starting at sample s covers output frames rint(s / 270) ... + 589; each
frame's speech score (1 - P(nobody)) and overlap score (P(two speakers)) is the Hamming-weighted mean over the
windows that cover it (np.hamming(589)); floor(samples / 270) + 1 output frames.
Output: little-endian float32, row-major [frames][2] = (speech, overlap). The Swift test
`SpeechDetectionTests.testStreamedScoresMatchTheReferenceAggregation` compares FeatureExtractor's streamed scores
with it (limit 1e-3). Development only (numpy, soundfile, torch, asteroid-filterbanks, einops; see
convert_segmentation.py); deterministic with single-threaded torch.
"""
import os
import sys

import numpy as np
import soundfile as sf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_segmentation as cs  # noqa: E402

ROOT = cs.ROOT
WINDOW, STEP, FRAME_STEP = 160000, 80000, 270


def main():
    import torch
    torch.set_num_threads(1)
    model = cs.load_reference()
    x, sr = sf.read(os.path.join(ROOT, "Fixtures", "example_scene.flac"), dtype="float32", always_2d=True)
    assert sr == 16000
    x = x.mean(axis=1)
    n = len(x)
    starts = list(range(0, n - WINDOW + 1, STEP)) if n >= WINDOW else [0]
    if n >= WINDOW and (n - WINDOW) % STEP:
        starts.append(n - WINDOW)
    padded = np.concatenate([x, np.zeros(max(0, WINDOW - n), dtype=np.float32)])
    with torch.inference_mode():
        batch = np.stack([padded[s:s + WINDOW] for s in starts])
        probs = model(torch.from_numpy(batch)[:, None, :]).exp().double().numpy()
    frames = probs.shape[1]
    out_frames = n // FRAME_STEP + 1
    w = np.hamming(frames)
    acc = np.zeros((out_frames, 2)); cnt = np.zeros(out_frames)
    for s, p in zip(starts, probs):
        f0 = int(np.rint(s / FRAME_STEP))
        f1 = min(out_frames, f0 + frames)
        k = f1 - f0
        acc[f0:f1, 0] += (1 - p[:k, 0]) * w[:k]
        acc[f0:f1, 1] += p[:k, 4:7].sum(axis=1) * w[:k]
        cnt[f0:f1] += w[:k]
    scores = np.where(cnt[:, None] > 0, acc / np.maximum(cnt[:, None], 1e-12), 0).astype("<f4")
    path = os.path.join(ROOT, "Fixtures", "segmentation", "example_scene_scores.f32")
    scores.tofile(path)
    print(f"wrote {path}: {out_frames} frames x 2 (speech, overlap) from {len(starts)} windows; "
          f"mean speech {scores[:, 0].mean():.4f}, mean overlap {scores[:, 1].mean():.4f}")


if __name__ == "__main__":
    main()
