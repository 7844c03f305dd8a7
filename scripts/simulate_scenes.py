#!/usr/bin/env python3
"""Builds film-like development scenes with reference RTTMs from an audio manifest.

Each LibriSpeech speaker has one ~12.5 s utterance. It is cut at pauses (frame energy) into phrases,
the phrases are grouped into 2-4 turns, and the turns of 1-6 speakers are interleaved into a dialogue
with gaps, interruptions and short backchannels. Every speaker gets a gain and a channel colouring;
the scene may get a synthetic room reverb, music under the dialogue at 0-20 dB SNR, music, effects or
room tone between dialogue blocks, synthetic sound effects (impacts, door slams, footsteps, wind,
rain, hum, engine rumble) and silences. Nothing speech-like is added without being labelled.

Outputs (16 kHz mono 16-bit FLAC):
  <out>/scenes/<id>.flac, <out>/scenes/<id>.rttm, <out>/scenes.csv
  <out>/single/<id>.flac, <out>/single/<id>.rttm, <out>/single.csv   (--set eval: one per speaker)
RTTM speaker labels carry the sex: `F_librispeech-103`.

Sets (paths relative to the repository root):
  --set eval     training/audio_heldout.csv -> out/dev-eval     (51 held-out speakers, 4 music pieces)
  --set tune     training/audio_train.csv   -> out/dev-tune     (200 training speakers, 12 music pieces)
  --set meetings ../shared/data/speech/dev.csv (debug_trn*) -> out/dev-meetings/scenes.csv (no audio written)
  --set calibration training/calibration.csv -> out/dev-calibration (40 of the training speakers, with
                    single-speaker clips; calibrates the speaker-clustering threshold)

The same seed gives the same files, byte for byte.
"""
import argparse
import csv
import os
import sys

import numpy as np
import scipy.signal as sps
import soundfile as sf

SR = 16000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --------------------------------------------------------------------------------------------- input

def read_manifest(path):
    """Returns (speakers, music): speakers = [(label, sex, path)], music = [path] (manifest order)."""
    base = os.path.dirname(os.path.abspath(path))
    speakers, music = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            p = row["path"] if os.path.isabs(row["path"]) else os.path.normpath(os.path.join(base, row["path"]))
            if row["kind"] == "speech":
                label = f"{row['sex']}_{row['speaker'].replace(':', '-')}"
                speakers.append((label, row["sex"], p))
            elif row["kind"] == "music":
                music.append(p)
    return speakers, music


def load_mono(path):
    x, sr = sf.read(path, dtype="float64", always_2d=True)
    x = x.mean(axis=1)
    if sr != SR:
        x = sps.resample_poly(x, SR, sr)
    return x


# ------------------------------------------------------------------------------------------ phrases

def frame_db(x, win=400, hop=160):
    n = max(1, 1 + (len(x) - win) // hop)
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    fr = x[np.minimum(idx, len(x) - 1)]
    return 10 * np.log10(np.mean(fr * fr, axis=1) + 1e-12)


def runs(mask):
    """[(start, end)) index runs where mask is True."""
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))


def speech_regions(x, min_gap=0.15):
    """Speech regions (seconds) of a clean utterance: energy above a level relative to its loud frames,
    holes shorter than `min_gap` filled, islands shorter than 80 ms dropped."""
    db = frame_db(x)
    p95, p5 = np.percentile(db, 95), np.percentile(db, 5)
    thr = max(p95 - 32.0, min(p5 + 8.0, p95 - 12.0))
    active = db > thr
    regs = [(s, e) for s, e in runs(active)]
    merged = []
    for s, e in regs:
        if merged and (s - merged[-1][1]) * 0.01 < min_gap:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    merged = [(s, e) for s, e in merged if (e - s) * 0.01 >= 0.08]
    # frame i covers [i*hop, i*hop + win): region from first frame start to last frame end
    return [(s * 0.01, min(len(x) / SR, (e - 1) * 0.01 + 0.025)) for s, e in merged]


def phrases_of(x, min_phrase=0.8):
    """Cuts an utterance at pauses into phrases; each phrase = (start, end, [(s, e) speech regions])."""
    regs = speech_regions(x)
    if not regs:
        return []
    phrases = [[r] for r in regs]
    # merge phrases shorter than min_phrase into the nearest neighbour (by gap)
    changed = True
    while changed and len(phrases) > 1:
        changed = False
        for i, ph in enumerate(phrases):
            if ph[-1][1] - ph[0][0] >= min_phrase:
                continue
            gl = ph[0][0] - phrases[i - 1][-1][1] if i > 0 else np.inf
            gr = phrases[i + 1][0][0] - ph[-1][1] if i + 1 < len(phrases) else np.inf
            j = i - 1 if gl <= gr else i + 1
            a, b = min(i, j), max(i, j)
            phrases[a:b + 1] = [phrases[a] + phrases[b]]
            changed = True
            break
    return [(ph[0][0], ph[-1][1], ph) for ph in phrases]


class Speaker:
    """One speaker's utterance cut into phrases."""

    def __init__(self, label, sex, path):
        self.label, self.sex, self.path = label, sex, path
        x = load_mono(path)
        self.audio = x / (np.max(np.abs(x)) + 1e-9) * 0.5
        self.phrases = phrases_of(self.audio)

    def turns(self, rng, count):
        """Groups the phrases into `count` contiguous turns; each = (audio, [(s, e)] relative to it)."""
        n = len(self.phrases)
        count = max(1, min(count, n))
        cuts = sorted(rng.choice(np.arange(1, n), size=count - 1, replace=False).tolist()) if count > 1 else []
        bounds = [0] + cuts + [n]
        out = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            group = self.phrases[a:b]
            pad = 0.06
            t0 = max(0.0, group[0][0] - pad)
            t1 = min(len(self.audio) / SR, group[-1][1] + pad)
            seg = self.audio[int(t0 * SR):int(t1 * SR)].copy()
            fade(seg, 0.01)
            regs = [(s - t0, e - t0) for ph in group for s, e in ph[2]]
            out.append((seg, regs))
        return out


def fade(x, seconds):
    n = min(len(x) // 2, int(seconds * SR))
    if n > 0:
        r = np.linspace(0.0, 1.0, n)
        x[:n] *= r
        x[-n:] *= r[::-1]


# ----------------------------------------------------------------------------------- signal colour

def colour(x, rng):
    """Random channel: band limits (telephone-ish to full band) and a peaking boost/cut."""
    lo = rng.uniform(50, 300)
    hi = rng.uniform(3400, 7800)
    sos = sps.butter(2, [lo, hi], btype="bandpass", fs=SR, output="sos")
    y = sps.sosfilt(sos, x)
    f0, gain_db, q = rng.uniform(300, 3000), rng.uniform(-6, 6), rng.uniform(0.7, 2.0)
    b, a = peaking(f0, gain_db, q)
    return sps.lfilter(b, a, y)


def peaking(f0, gain_db, q):
    A = 10 ** (gain_db / 40)
    w = 2 * np.pi * f0 / SR
    alpha = np.sin(w) / (2 * q)
    b = np.array([1 + alpha * A, -2 * np.cos(w), 1 - alpha * A])
    a = np.array([1 + alpha / A, -2 * np.cos(w), 1 - alpha / A])
    return b / a[0], a / a[0]


def room_ir(rng):
    """Synthetic room impulse response: direct path + exponentially decaying noise (RT60 0.2-0.9 s)."""
    rt60 = rng.uniform(0.2, 0.9)
    n = int(rt60 * SR)
    t = np.arange(n) / SR
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    tail = sps.sosfilt(sps.butter(1, rng.uniform(2500, 6000), fs=SR, output="sos"), tail)
    tail[: int(0.003 * SR)] = 0
    drr_db = rng.uniform(0, 10)
    tail *= 10 ** (-drr_db / 20) / (np.sqrt(np.sum(tail ** 2)) + 1e-12)
    ir = tail
    ir[0] = 1.0
    return ir, rt60


def rms(x):
    return float(np.sqrt(np.mean(x * x) + 1e-20)) if len(x) else 0.0


# ------------------------------------------------------------------------------------------ effects

def fx_impact(rng):
    d = rng.uniform(0.15, 0.8)
    n = int(d * SR)
    t = np.arange(n) / SR
    x = rng.standard_normal(n) * np.exp(-t / rng.uniform(0.03, 0.2))
    f = rng.uniform(200, 3000)
    return sps.sosfilt(sps.butter(2, f, fs=SR, output="sos"), x)


def fx_door(rng):
    d = rng.uniform(0.4, 1.0)
    n = int(d * SR)
    t = np.arange(n) / SR
    body = rng.standard_normal(n) * np.exp(-t / rng.uniform(0.05, 0.15))
    body = sps.sosfilt(sps.butter(4, rng.uniform(150, 600), fs=SR, output="sos"), body)
    ring = np.sin(2 * np.pi * rng.uniform(80, 220) * t) * np.exp(-t / rng.uniform(0.05, 0.2)) * 0.5
    click = np.zeros(n)
    click[: int(0.01 * SR)] = rng.standard_normal(int(0.01 * SR)) * 0.6
    return body / (rms(body) + 1e-9) * 0.3 + ring + click


def fx_footsteps(rng):
    steps = int(rng.integers(4, 12))
    period = rng.uniform(0.4, 0.7)
    n = int((steps * period + 0.3) * SR)
    x = np.zeros(n)
    cutoff = rng.uniform(800, 3000)
    sos = sps.butter(2, cutoff, fs=SR, output="sos")
    for k in range(steps):
        m = int(0.08 * SR)
        t = np.arange(m) / SR
        step = sps.sosfilt(sos, rng.standard_normal(m) * np.exp(-t / 0.015))
        at = int((k * period + rng.uniform(-0.03, 0.03)) * SR) + int(0.05 * SR)
        x[at:at + m] += step * rng.uniform(0.6, 1.0)
    return x


def coloured_noise(rng, n, exponent):
    """Noise with power spectrum ~ 1/f^exponent."""
    spec = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.arange(n // 2 + 1, dtype=float)
    f[0] = 1.0
    x = np.fft.irfft(spec / f ** (exponent / 2), n)
    return x / (rms(x) + 1e-12)


def fx_wind(rng, n):
    x = coloured_noise(rng, n, 2.0)
    x = sps.sosfilt(sps.butter(2, rng.uniform(300, 900), fs=SR, output="sos"), x)
    gust = 0.6 + 0.4 * np.sin(2 * np.pi * rng.uniform(0.05, 0.3) * np.arange(n) / SR + rng.uniform(0, 6.28))
    return x * gust


def fx_rain(rng, n):
    x = sps.sosfilt(sps.butter(2, rng.uniform(1000, 3000), btype="highpass", fs=SR, output="sos"),
                    coloured_noise(rng, n, 0.5))
    drops = np.zeros(n)
    where = rng.integers(0, n, size=int(n / SR * rng.uniform(20, 80)))
    drops[where] = rng.uniform(1, 4, size=len(where))
    drops = sps.sosfilt(sps.butter(2, 4000, btype="highpass", fs=SR, output="sos"), drops)
    return x + drops


def fx_hum(rng, n):
    f0 = 50.0 if rng.random() < 0.5 else 60.0
    t = np.arange(n) / SR
    return sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.28)) / k for k in range(1, 6))


def fx_rumble(rng, n):
    x = coloured_noise(rng, n, 1.0)
    x = sps.sosfilt(sps.butter(3, rng.uniform(120, 350), fs=SR, output="sos"), x)
    t = np.arange(n) / SR
    return x * (0.8 + 0.2 * np.sin(2 * np.pi * rng.uniform(0.5, 3) * t))


SHORT_FX = {"impact": fx_impact, "door": fx_door, "footsteps": fx_footsteps}
BED_FX = {"wind": fx_wind, "rain": fx_rain, "hum": fx_hum, "rumble": fx_rumble}


# -------------------------------------------------------------------------------------------- scene

class Music:
    """Loads music pieces once; hands out excerpts."""

    def __init__(self, paths):
        self.paths = list(paths)
        self.audio = [load_mono(p) for p in paths]

    def excerpt(self, rng, n, piece=None):
        i = int(rng.integers(len(self.audio))) if piece is None else piece
        x = self.audio[i]
        if len(x) <= n:
            x = np.tile(x, n // len(x) + 1)
        s = int(rng.integers(0, len(x) - n + 1))
        y = x[s:s + n].copy()
        return y / (rms(y) + 1e-12), os.path.basename(self.paths[i])


def interleave(rng, per_speaker):
    """Orders the turns: each speaker's turns keep their order, the same speaker rarely twice running."""
    remaining = {k: list(v) for k, v in per_speaker.items()}
    order, last = [], None
    while any(remaining.values()):
        cands = [k for k, v in remaining.items() if v and k != last] or [k for k, v in remaining.items() if v]
        w = np.array([len(remaining[k]) for k in cands], dtype=float)
        k = cands[int(rng.choice(len(cands), p=w / w.sum()))]
        order.append((k, remaining[k].pop(0)))
        last = k
    return order


def build_scene(rng, speakers, music, *, scene_id, min_blocks=1, max_blocks=3, music_prob=0.7,
                reverb_prob=0.5, fx_prob=0.8, bed_prob=0.4, backchannel_prob=0.25, sources=("music", "fx")):
    """Returns (audio, turns [(start, dur, label)], meta dict). `speakers` are Speaker objects. `sources` are the
    non-speech sounds actually mixed in ("music", "fx"); every random draw happens whatever they are, so the same
    seed gives the same dialogue, timing and room with or without music and effects (controlled comparisons)."""
    # turns per speaker
    per = {}
    for sp in speakers:
        per[sp.label] = sp.turns(rng, int(rng.integers(2, 5)))
    order = interleave(rng, per)
    nblocks = int(rng.integers(min_blocks, max_blocks + 1))
    nblocks = max(1, min(nblocks, len(order) // 2 if len(order) >= 2 else 1))
    splits = sorted(rng.choice(np.arange(1, len(order)), size=nblocks - 1, replace=False).tolist()) if nblocks > 1 else []
    blocks = [order[a:b] for a, b in zip([0] + splits, splits + [len(order)])]

    gains = {sp.label: 10 ** (rng.uniform(-6, 6) / 20) for sp in speakers}
    channels = {sp.label: rng.integers(0, 2**31) for sp in speakers}
    by_label = {sp.label: sp for sp in speakers}
    reverb = rng.random() < reverb_prob
    ir, rt60 = room_ir(rng) if reverb else (None, 0.0)

    # timeline of pieces: (kind, start_sample, audio, regions, label)
    speech_items = []   # (start_sample, audio, [(s, e)], label)
    bridges = []        # (start_sample, n, kind)
    t = 0
    intro = rng.choice(["music", "fx", "silence", "none"], p=[0.35, 0.2, 0.15, 0.3])
    if intro != "none":
        n = int(rng.uniform(2, 8) * SR)
        bridges.append((t, n, str(intro)))
        t += n
    block_spans = []
    for bi, block in enumerate(blocks):
        b0 = t
        prev_end = t
        for j, (label, (seg, regs)) in enumerate(block):
            if j == 0:
                start = t
            else:
                r = rng.random()
                if r < 0.22 and label != block[j - 1][0]:   # interruption: start before the previous turn ends
                    ov = rng.uniform(0.2, 1.0)
                    prev_len = speech_items[-1][1].shape[0] / SR
                    start = prev_end - int(min(ov, prev_len * 0.4) * SR)
                elif r < 0.85:
                    start = prev_end + int(rng.uniform(0.15, 1.2) * SR)
                else:
                    start = prev_end + int(rng.uniform(1.5, 4.0) * SR)
            speech_items.append((start, seg, regs, label))
            prev_end = max(prev_end, start + len(seg))
            # backchannel from another speaker in the middle of a long turn
            others = [s for s in speakers if s.label != label]
            if others and len(seg) > 2.5 * SR and rng.random() < backchannel_prob:
                o = others[int(rng.integers(len(others)))]
                ph = o.phrases[int(rng.integers(len(o.phrases)))]
                sub = ph[2][0]
                dur = min(rng.uniform(0.35, 0.8), sub[1] - sub[0])
                a0 = sub[0]
                bc = o.audio[int(a0 * SR):int((a0 + dur) * SR)].copy()
                fade(bc, 0.02)
                at = start + int(rng.uniform(0.3, 0.7) * len(seg))
                speech_items.append((at, bc, [(0.0, len(bc) / SR)], o.label))
        t = prev_end
        block_spans.append((b0, t))
        if bi + 1 < len(blocks):
            n = int(rng.uniform(3, 12) * SR)
            bridges.append((t, n, str(rng.choice(["music", "fx", "silence"], p=[0.5, 0.25, 0.25]))))
            t += n
    outro = rng.random() < 0.5
    if outro:
        n = int(rng.uniform(2, 6) * SR)
        bridges.append((t, n, "music" if rng.random() < 0.6 else "silence"))
        t += n
    total = t + int(0.5 * SR)

    # speech track
    speech = np.zeros(total)
    turns = []
    for start, seg, regs, label in speech_items:
        y = seg * gains[label]
        y = colour(y, np.random.default_rng(channels[label]))
        speech[start:start + len(y)] += y
        for s, e in regs:
            turns.append((start / SR + s, e - s, label))
    if reverb:
        speech = sps.fftconvolve(speech, ir)[:total]
    active = np.zeros(total, dtype=bool)
    for s, d, _ in turns:
        active[int(s * SR):int((s + d) * SR)] = True
    speech_level = rms(speech[active]) if active.any() else 0.05

    mix = speech.copy()
    meta = {"music": [], "fx": [], "snr": []}

    # music under dialogue blocks
    for b0, b1 in block_spans:
        if music.audio and rng.random() < music_prob:
            snr = float(rng.uniform(0, 20))
            # music under the whole block or only part of it
            if rng.random() < 0.6:
                m0, m1 = b0, b1
            else:
                m0 = b0 + int(rng.uniform(0, 0.5) * (b1 - b0))
                m1 = min(b1, m0 + int(rng.uniform(0.3, 0.6) * (b1 - b0)) + SR)
            y, name = music.excerpt(rng, m1 - m0)
            fade(y, 0.5)
            if "music" in sources:
                mix[m0:m1] += y * speech_level * 10 ** (-snr / 20)
                meta["music"].append(name)
                meta["snr"].append(snr)

    # bridges
    for b0, n, kind in bridges:
        if kind == "music" and music.audio:
            y, name = music.excerpt(rng, n)
            fade(y, 0.3)
            gain = speech_level * 10 ** (rng.uniform(-6, 6) / 20)
            if "music" in sources:
                mix[b0:b0 + n] += y * gain
                meta["music"].append(name)
        elif kind == "fx":
            k = str(rng.choice(list(BED_FX)))
            y = BED_FX[k](rng, n)
            y = y / (rms(y) + 1e-12)
            fade(y, 0.3)
            gain = speech_level * 10 ** (rng.uniform(-15, 0) / 20)
            if "fx" in sources:
                mix[b0:b0 + n] += y * gain
                meta["fx"].append(k)
    # short effects anywhere
    if rng.random() < fx_prob:
        for _ in range(int(rng.integers(1, 6))):
            k = str(rng.choice(list(SHORT_FX)))
            y = SHORT_FX[k](rng)
            at = int(rng.integers(0, max(1, total - len(y))))
            y = y / (np.max(np.abs(y)) + 1e-12) * speech_level * 10 ** (rng.uniform(0, 14) / 20)
            if "fx" in sources:
                mix[at:at + len(y)] += y[: total - at]
                meta["fx"].append(k)
    # continuous background bed
    if rng.random() < bed_prob:
        k = str(rng.choice(list(BED_FX)))
        y = BED_FX[k](rng, total)
        y = y / (rms(y) + 1e-12)
        gain = speech_level * 10 ** (-rng.uniform(10, 30) / 20)
        if "fx" in sources:
            mix += y * gain
            meta["fx"].append(k + "-bed")
    # room tone everywhere (very low), so silences are not digital zero
    mix += coloured_noise(rng, total, 1.0) * speech_level * 10 ** (-rng.uniform(45, 60) / 20)

    peak = np.max(np.abs(mix))
    target = 10 ** (rng.uniform(-12, -1) / 20)
    mix = mix * (target / peak) if peak > 0 else mix
    turns.sort(key=lambda r: (r[0], r[2]))
    overlap = overlap_seconds(turns)
    meta.update({"reverb": round(rt60, 2) if reverb else "", "overlap": overlap,
                 "speech": float(np.sum(union_mask(turns, total))) / SR})
    return mix.astype(np.float32), turns, meta


def union_mask(turns, total):
    m = np.zeros(total, dtype=bool)
    for s, d, _ in turns:
        m[int(s * SR):int((s + d) * SR)] = True
    return m


def overlap_seconds(turns):
    if not turns:
        return 0.0
    end = int(max(s + d for s, d, _ in turns) * 100) + 2
    c = np.zeros(end, dtype=np.int32)
    for s, d, _ in turns:
        c[int(round(s * 100)):int(round((s + d) * 100))] += 1
    return float(np.sum(c > 1)) / 100


def write_rttm(path, file_id, turns):
    with open(path, "w") as f:
        for s, d, label in turns:
            f.write(f"SPEAKER {file_id} 1 {s:.3f} {d:.3f} <NA> <NA> {label} <NA> <NA>\n")


def write_audio(path, x):
    sf.write(path, x, SR, subtype="PCM_16", format="FLAC")


# -------------------------------------------------------------------------------------------- sets

def choose_speakers(rng, speakers, n, mode):
    fem = [s for s in speakers if s[1] == "F"]
    mal = [s for s in speakers if s[1] == "M"]
    if mode == "F":
        pool = [fem[i] for i in rng.choice(len(fem), n, replace=False)]
    elif mode == "M":
        pool = [mal[i] for i in rng.choice(len(mal), n, replace=False)]
    else:
        nf = int(rng.integers(1, n)) if n > 1 else int(rng.integers(0, 2))
        pool = [fem[i] for i in rng.choice(len(fem), nf, replace=False)] + \
               [mal[i] for i in rng.choice(len(mal), n - nf, replace=False)]
    return [pool[i] for i in rng.permutation(len(pool))]


SCENE_FIELDS = ["id", "audio", "rttm", "n_female", "n_male", "n_speakers", "duration", "speech", "overlap",
                "snr", "music", "effects", "reverb", "speakers"]


def scene_row(sid, audio_rel, rttm_rel, spk, x, meta):
    return {
        "id": sid, "audio": audio_rel, "rttm": rttm_rel,
        "n_female": sum(1 for s in spk if s.sex == "F"), "n_male": sum(1 for s in spk if s.sex == "M"),
        "n_speakers": len(spk), "duration": f"{len(x) / SR:.2f}", "speech": f"{meta['speech']:.2f}",
        "overlap": f"{meta['overlap']:.2f}",
        "snr": f"{min(meta['snr']):.1f}" if meta["snr"] else "",
        "music": ";".join(sorted(set(meta["music"]))), "effects": ";".join(meta["fx"]),
        "reverb": meta["reverb"], "speakers": ";".join(s.label for s in spk),
    }


def make_scenes(manifest, out, count, seed, singles, prefix, sources=("music", "fx")):
    speakers, music_paths = read_manifest(manifest)
    cache = {}

    def spk(entry):
        if entry[0] not in cache:
            cache[entry[0]] = Speaker(*entry)
        return cache[entry[0]]

    music = Music(music_paths)
    # scenes use speakers with at least 8 s of audio (a few LibriSpeech utterances are under 3 s);
    # the single-speaker clips use every speaker
    scene_speakers = [e for e in speakers if sf.info(e[2]).duration >= 8.0]
    os.makedirs(os.path.join(out, "scenes"), exist_ok=True)
    rows = []
    for i in range(count):
        rng = np.random.default_rng([seed, i])
        n = 1 + i % 6
        mode = "FM"
        if n >= 2 and i % 7 == 3:
            mode = "F"
        elif n >= 2 and i % 7 == 5:
            mode = "M"
        chosen = [spk(e) for e in choose_speakers(rng, scene_speakers, n, mode)]
        sid = f"{prefix}{i:03d}"
        x, turns, meta = build_scene(rng, chosen, music, scene_id=sid, sources=sources)
        write_audio(os.path.join(out, "scenes", sid + ".flac"), x)
        write_rttm(os.path.join(out, "scenes", sid + ".rttm"), sid, turns)
        rows.append(scene_row(sid, f"scenes/{sid}.flac", f"scenes/{sid}.rttm", chosen, x, meta))
        print(f"{sid}: {n} speakers ({rows[-1]['n_female']} F, {rows[-1]['n_male']} M), {rows[-1]['duration']} s",
              file=sys.stderr)
    write_csv(os.path.join(out, "scenes.csv"), rows)
    if singles:
        os.makedirs(os.path.join(out, "single"), exist_ok=True)
        srows = []
        for i, entry in enumerate(speakers):
            rng = np.random.default_rng([seed, 100000 + i])
            s = spk(entry)
            sid = f"{prefix}single{i:03d}"
            x, turns, meta = build_scene(rng, [s], music, scene_id=sid, sources=sources, max_blocks=2, music_prob=0.8,
                                         backchannel_prob=0.0)
            write_audio(os.path.join(out, "single", sid + ".flac"), x)
            write_rttm(os.path.join(out, "single", sid + ".rttm"), sid, turns)
            srows.append(scene_row(sid, f"single/{sid}.flac", f"single/{sid}.rttm", [s], x, meta))
        write_csv(os.path.join(out, "single.csv"), srows)
        print(f"{len(srows)} single-speaker clips", file=sys.stderr)


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=SCENE_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def make_meetings(dev_csv, out):
    """The debug_trn* meeting excerpts (known sexes) in scenes.csv form, pointing at the shared files."""
    base = os.path.dirname(os.path.abspath(dev_csv))
    os.makedirs(out, exist_ok=True)
    rows = []
    with open(dev_csv, newline="") as f:
        for r in csv.DictReader(f):
            if not r["audio"].startswith("debug_trn"):
                continue
            sexes = r["sexes"].split(";")
            audio = os.path.join(base, "dev", r["audio"])
            rttm = os.path.join(base, "dev", r["rttm"])
            turns = []
            with open(rttm) as g:
                for line in g:
                    p = line.split()
                    if p and p[0] == "SPEAKER":
                        turns.append((float(p[3]), float(p[4]), p[7]))
            info = sf.info(audio)
            rows.append({
                "id": os.path.splitext(r["audio"])[0],
                "audio": os.path.relpath(audio, out), "rttm": os.path.relpath(rttm, out),
                "n_female": sexes.count("F"), "n_male": sexes.count("M"), "n_speakers": len(sexes),
                "duration": f"{info.frames / info.samplerate:.2f}",
                "speech": f"{np.sum(union_mask([(s, d, l) for s, d, l in turns], int(info.frames / info.samplerate * SR) + SR)) / SR:.2f}",
                "overlap": f"{overlap_seconds(turns):.2f}", "snr": "", "music": "", "effects": "", "reverb": "",
                "speakers": r["speakers"],
            })
    write_csv(os.path.join(out, "scenes.csv"), rows)
    print(f"{len(rows)} meeting excerpts", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["eval", "tune", "meetings", "calibration"], default="eval")
    ap.add_argument("--manifest", help="audio manifest (default: by --set)")
    ap.add_argument("--out", help="output directory (default: by --set)")
    ap.add_argument("--count", type=int, help="number of scenes (default 40)")
    ap.add_argument("--seed", type=int, help="random seed (default: 1 eval, 2 tune, 4 calibration)")
    ap.add_argument("--no-singles", action="store_true", help="do not write single-speaker clips")
    ap.add_argument("--sources", default="music,fx",
                    help="non-speech sounds mixed in: music,fx (default), music, fx or none (room tone only); the "
                         "dialogue is the same for every choice, so conditions compare like for like")
    a = ap.parse_args()
    if a.set == "meetings":
        make_meetings(os.path.join(ROOT, "..", "shared", "data", "speech", "dev.csv"),
                      a.out or os.path.join(ROOT, "out", "dev-meetings"))
        return
    defaults = {  # set: (manifest, output folder, seed, single-speaker clips)
        "eval": ("audio_heldout.csv", "dev-eval", 1, True),
        "tune": ("audio_train.csv", "dev-tune", 2, False),
        "calibration": ("calibration.csv", "dev-calibration", 4, True),
    }
    manifest_name, folder, default_seed, singles = defaults[a.set]
    manifest = a.manifest or os.path.join(ROOT, "training", manifest_name)
    out = a.out or os.path.join(ROOT, "out", folder)
    seed = a.seed if a.seed is not None else default_seed
    count = a.count if a.count is not None else 40
    sources = tuple(v for v in a.sources.split(",") if v and v != "none")
    if any(v not in ("music", "fx") for v in sources):
        raise SystemExit(f"--sources: expected music, fx or none, got {a.sources}")
    make_scenes(manifest, out, count, seed, singles=(singles and not a.no_singles), prefix=a.set, sources=sources)


if __name__ == "__main__":
    main()
