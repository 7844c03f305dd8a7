#!/usr/bin/env python3
"""Builds a long film-like soundtrack for front-end benchmarks (never committed: ~230 MB at 16 kHz for 2 h).

Speech utterances from ../shared/data/speech/train and orchestral pieces from ../shared/data/music are
looped in a seeded random order: dialogue scenes (utterances with short pauses, sometimes over quiet
music), music-only passages and near-silence, each with its own gain. Written block by block.

Usage: scripts/make_long_soundtrack.py OUT_DIR [--hours 2] [--seed 1] [--no-derived]
Writes OUT_DIR/soundtrack_16k_mono.wav and, unless --no-derived, with sox:
soundtrack_48k_stereo.wav, soundtrack_48k_stereo.flac, soundtrack_48k_stereo.mp3 (192 kbit/s).
"""
import argparse
import os
import subprocess

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
RATE = 16000


def load_all(folder):
    out = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".flac"):
            x, sr = sf.read(os.path.join(folder, name), dtype="float32")
            assert sr == RATE, (name, sr)
            out.append(x if x.ndim == 1 else x.mean(axis=1))
    return out


def db(g):
    return np.float32(10 ** (g / 20))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-derived", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    speech = load_all(os.path.join(DATA, "speech", "train"))
    music = load_all(os.path.join(DATA, "music"))
    total = int(args.hours * 3600 * RATE)
    path = os.path.join(args.out_dir, "soundtrack_16k_mono.wav")
    written = 0
    with sf.SoundFile(path, "w", RATE, 1, subtype="PCM_16") as f:
        while written < total:
            kind = rng.choice(["dialogue", "music", "quiet"], p=[0.6, 0.3, 0.1])
            if kind == "dialogue":
                parts = []
                for _ in range(rng.integers(2, 8)):
                    u = speech[rng.integers(len(speech))] * db(rng.uniform(-18, 0))
                    parts += [u, np.zeros(int(rng.uniform(0.1, 1.0) * RATE), np.float32)]
                scene = np.concatenate(parts)
                if rng.random() < 0.5:  # music under the dialogue
                    m = music[rng.integers(len(music))]
                    start = rng.integers(0, max(1, len(m) - len(scene)))
                    bed = np.resize(m[start:], len(scene)) * db(rng.uniform(-30, -15))
                    scene = scene + bed
            elif kind == "music":
                m = music[rng.integers(len(music))]
                n = int(rng.uniform(10, 60) * RATE)
                start = rng.integers(0, max(1, len(m) - n))
                scene = np.resize(m[start:], n) * db(rng.uniform(-20, -3))
            else:
                n = int(rng.uniform(2, 10) * RATE)
                scene = (rng.standard_normal(n) * 1e-4).astype(np.float32)
            scene = np.clip(scene[: total - written], -1, 1)
            f.write(scene)
            written += len(scene)
    print(path, written / RATE, "s")
    if args.no_derived:
        return
    base = os.path.join(args.out_dir, "soundtrack_48k_stereo")
    subprocess.run(["sox", "-D", path, "-r", "48000", "-c", "2", "-b", "16", base + ".wav"], check=True)
    subprocess.run(["sox", "-D", base + ".wav", base + ".flac"], check=True)
    subprocess.run(["sox", "-D", base + ".wav", "-C", "192", base + ".mp3"], check=True)
    for ext in ["wav", "flac", "mp3"]:
        print(base + "." + ext, os.path.getsize(base + "." + ext) // 1_000_000, "MB")


if __name__ == "__main__":
    main()
