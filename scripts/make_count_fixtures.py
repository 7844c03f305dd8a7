#!/usr/bin/env python3
"""Regenerates the small committed audio fixtures under Fixtures/ with the scene simulator's code.

  Fixtures/example_scene.flac (+ .rttm)   ~45-60 s film-like scene, 3 held-out speakers (2 F, 1 M), music under part
  Fixtures/scenes/*.flac (+ .rttm), Fixtures/scenes/expected.csv   3 short scenes with their speaker counts
  Fixtures/single_speaker.flac (+ .rttm)  one held-out speaker over a quiet background bed
  Fixtures/music_only.flac                20 s of a held-out music piece (no speech)
  Fixtures/silence.wav                    10 s digital silence + 10 s very low white noise (16-bit WAV)

Only held-out speakers and music (training/audio_heldout.csv) are used, so no shipped model saw them.
Deterministic: the same files byte for byte on every run. Usage: scripts/make_count_fixtures.py
"""
import csv
import io
import os
import sys

import numpy as np
import soundfile as sf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import simulate_scenes as sim  # noqa: E402

ROOT = sim.ROOT
FIX = os.path.join(ROOT, "Fixtures")
MAX_BYTES = 1_000_000


def speakers_by_sex(entries, sex, min_seconds):
    return [e for e in entries if e[1] == sex and sf.info(e[2]).duration >= min_seconds]


def scene_with(entries, music, seed, lo, hi, **kw):
    """First seed (from `seed` upwards) whose scene lasts lo..hi seconds and is small enough as FLAC."""
    speakers = [sim.Speaker(*e) for e in entries]
    for s in range(seed, seed + 200):
        rng = np.random.default_rng([s])
        x, turns, meta = sim.build_scene(rng, speakers, music, scene_id="fixture", **kw)
        if lo <= len(x) / sim.SR <= hi and flac_bytes(x) <= MAX_BYTES:
            return x, turns, meta
    raise SystemExit(f"no scene of {lo}-{hi} s found for seeds {seed}..{seed + 199}")


def flac_bytes(x):
    buf = io.BytesIO()
    sf.write(buf, x, sim.SR, subtype="PCM_16", format="FLAC")
    return len(buf.getvalue())


def write(name, x, turns=None):
    path = os.path.join(FIX, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sim.write_audio(path, x)
    if turns is not None:
        stem = os.path.splitext(os.path.basename(name))[0]
        sim.write_rttm(os.path.splitext(path)[0] + ".rttm", stem, turns)
    size = os.path.getsize(path)
    print(f"{name}: {len(x) / sim.SR:.1f} s, {size / 1e6:.2f} MB", file=sys.stderr)
    if size > MAX_BYTES:
        print(f"warning: {name} is larger than {MAX_BYTES} bytes", file=sys.stderr)


def main():
    entries, music_paths = sim.read_manifest(os.path.join(ROOT, "training", "audio_heldout.csv"))
    music = sim.Music(music_paths)
    fem = speakers_by_sex(entries, "F", 10.0)
    mal = speakers_by_sex(entries, "M", 10.0)

    # the README's example: 2 F + 1 M, music under part of it
    x, turns, _ = scene_with([fem[0], mal[0], fem[1]], music, 100, 45, 60, music_prob=1.0, max_blocks=2)
    write("example_scene.flac", x, turns)

    rows = []
    for name, chosen, seed in [("one_female", [fem[2]], 200),
                               ("female_male", [fem[3], mal[1]], 300),
                               ("two_males", [mal[2], mal[3]], 400)]:
        x, turns, _ = scene_with(chosen, music, seed, 12, 35, max_blocks=1)
        write(f"scenes/{name}.flac", x, turns)
        rows.append({"file": f"{name}.flac", "n_female": sum(e[1] == "F" for e in chosen),
                     "n_male": sum(e[1] == "M" for e in chosen),
                     "speakers": ";".join(e[0] for e in chosen)})
    with open(os.path.join(FIX, "scenes", "expected.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "n_female", "n_male", "speakers"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    # one speaker over a quiet background (no music)
    x, turns, _ = scene_with([mal[4]], music, 500, 10, 30, music_prob=0.0, max_blocks=1, fx_prob=0.0, bed_prob=1.0)
    write("single_speaker.flac", x, turns)

    # music only: 20 s from the middle of the first held-out piece
    m = music.audio[0]
    start = len(m) // 2 - 10 * sim.SR
    y = m[start:start + 20 * sim.SR].copy()
    sim.fade(y, 0.2)
    y = y / (np.max(np.abs(y)) + 1e-12) * 0.7
    write("music_only.flac", y.astype(np.float32))

    # 10 s digital silence, then 10 s of white noise at about -70 dBFS RMS
    rng = np.random.default_rng(600)
    z = np.concatenate([np.zeros(10 * sim.SR), rng.standard_normal(10 * sim.SR) * 10 ** (-70 / 20)])
    path = os.path.join(FIX, "silence.wav")
    sf.write(path, z.astype(np.float32), sim.SR, subtype="PCM_16", format="WAV")
    print(f"silence.wav: 20.0 s, {os.path.getsize(path) / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
