#!/usr/bin/env python3
"""Writes the audio training and held-out manifests from ../shared/data.

Split rule (deterministic): speakers of speech/train.csv sorted by speaker id; every fifth speaker
(index 0, 5, 10, ...) is held out for development scenes and single-speaker tests, the others train the
shipped models. Music pieces sorted by name; every fourth (index 0, 4, 8, 12) is held out.
calibration.csv lists every fifth training speaker (index 4, 9, ... of the training speakers) with the
training music: the scenes built from it calibrate the speaker-clustering threshold (the speaker embedding
is pretrained elsewhere, so these speakers are new to it; the speech activity and sex models did see them).

Manifest format (CSV, header `path,kind,speaker,sex`): kind is speech|music; speaker and sex are empty for
music; paths are relative to the manifest's own directory. Usage: scripts/audio_manifest.py [SHARED_DATA_DIR]
"""
import csv
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
out_dir = os.path.join(root, "training")
os.makedirs(out_dir, exist_ok=True)


def rel(path):
    return os.path.relpath(os.path.abspath(path), out_dir)


with open(os.path.join(data, "speech", "train.csv")) as f:
    rows = list(csv.DictReader(f))
speakers = sorted({r["speaker"] for r in rows}, key=lambda s: int(s.split(":")[-1]))
held_out = {s for i, s in enumerate(speakers) if i % 5 == 0}
music = sorted(n for n in os.listdir(os.path.join(data, "music")) if n.endswith(".flac"))
held_out_music = {n for i, n in enumerate(music) if i % 4 == 0}
calibration = {s for i, s in enumerate(s for s in speakers if s not in held_out) if i % 5 == 4}

for name, keep_speaker, keep_music in [
    ("audio_train.csv", lambda s: s not in held_out, lambda n: n not in held_out_music),
    ("audio_heldout.csv", lambda s: s in held_out, lambda n: n in held_out_music),
    ("calibration.csv", lambda s: s in calibration, lambda n: n not in held_out_music),
]:
    with open(os.path.join(out_dir, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "kind", "speaker", "sex"])
        for r in sorted(rows, key=lambda r: r["file"]):
            if keep_speaker(r["speaker"]):
                w.writerow([rel(os.path.join(data, "speech", r["file"])), "speech", r["speaker"], r["sex"]])
        for n in music:
            if keep_music(n):
                w.writerow([rel(os.path.join(data, "music", n)), "music", "", ""])
print(f"{len(speakers) - len(held_out)} training speakers ({len(calibration)} of them also for calibration), "
      f"{len(held_out)} held out; "
      f"{len(music) - len(held_out_music)} training music pieces, {len(held_out_music)} held out")
