#!/usr/bin/env python3
"""Times the feature step of bechdelcli against librosa and python_speech_features on the same audio.

Usage: scripts/compare_frontend_python.py SOUNDTRACK_16K_MONO.wav [--seconds 600] [--bin .build/release/bechdelcli]
Cuts the first SECONDS of the file to a temporary 16 kHz WAV, then times (one thread each):
  - bechdelcli features (decode + MFCC c0-c19 + log energy + F0 + voicing, written as .npy)
  - python_speech_features.mfcc (25 ms / 10 ms, 40 mel bands, 20 cepstra, 512-point FFT, energy)
  - librosa.feature.mfcc (same framing: n_fft 512, win 400, hop 160, 40 mels, 20 MFCC)
  - librosa.yin (F0, 60-400 Hz, frame 640, hop 160) and librosa.pyin on the first 60 s only (it is slow)
Numbers are × real time = audio seconds / wall seconds. Prints library versions.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import soundfile as sf


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wav")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                  ".build", "release", "bechdelcli"))
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import librosa
    import python_speech_features as psf

    x, sr = sf.read(args.wav, dtype="float32", frames=int(args.seconds * 16000))
    assert sr == 16000 and x.ndim == 1, "expects 16 kHz mono"
    dur = len(x) / sr
    print(f"audio: {dur:.0f} s from {args.wav}")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, librosa {librosa.__version__}, "
          f"python_speech_features {getattr(psf, '__version__', '0.6 (no version attribute)')}")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        cut = os.path.join(d, "cut.wav")
        sf.write(cut, x, sr, subtype="PCM_16")
        out = os.path.join(d, "f.npy")
        _, t = timed(lambda: subprocess.run([args.bin, "features", cut, "-o", out, "--threads", "1"], check=True))
        F = np.load(out)
        rows.append(("bechdelcli features (MFCC+energy+F0, incl. decode and process start)", t, F.shape))
    _, t = timed(lambda: psf.mfcc(x, sr, winlen=0.025, winstep=0.01, numcep=20, nfilt=40, nfft=512,
                                  lowfreq=20, highfreq=7600, preemph=0.97, ceplifter=0, appendEnergy=True,
                                  winfunc=np.hamming))
    rows.append(("python_speech_features.mfcc", t, None))
    M, t = timed(lambda: librosa.feature.mfcc(y=x, sr=sr, n_mfcc=20, n_fft=512, win_length=400, hop_length=160,
                                               window="hamming", n_mels=40, fmin=20, fmax=7600, htk=True))
    rows.append(("librosa.feature.mfcc", t, M.shape))
    f0, t = timed(lambda: librosa.yin(x, fmin=60, fmax=400, sr=sr, frame_length=640, hop_length=160))
    rows.append(("librosa.yin (F0 only)", t, f0.shape))
    n = min(len(x), 60 * sr)
    _, t = timed(lambda: librosa.pyin(x[:n], fmin=60, fmax=400, sr=sr, frame_length=640, hop_length=160))
    rows.append(("librosa.pyin (F0 only, first 60 s)", t * len(x) / n, None))
    for name, t, shape in rows:
        print(f"{name:72s} {t:8.2f} s  {dur / t:8.1f}× real time")


if __name__ == "__main__":
    main()
