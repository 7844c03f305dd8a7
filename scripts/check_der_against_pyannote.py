#!/usr/bin/env python3
"""Checks `bechdelcli evaluate` against pyannote.metrics' DiarizationErrorRate.

For every reference RTTM in ../shared/data/speech/dev/ (and optionally more directories), builds perturbed
hypotheses (identical, shifted boundaries, swapped labels, merged / split speakers, false alarms, dropped
turns, a random segmentation, all at once), scores them with both tools at collar 0 and 0.25 s (pyannote:
collar=0.5, its total width), with and without skip-overlap, and prints the largest absolute differences
of DER and of each component (relative to the reference time). Exit code 1 if any DER differs by more than
0.1 % absolute.

Usage: scripts/check_der_against_pyannote.py [--bin .build/release/bechdelcli] [--extra out/dev-eval/scenes]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from pyannote.core import Annotation, Segment
from pyannote.metrics.diarization import DiarizationErrorRate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_rttm(path):
    turns = {}
    with open(path) as f:
        for line in f:
            p = line.split()
            if p and p[0] == "SPEAKER":
                turns.setdefault(p[1], []).append((float(p[3]), float(p[4]), p[7]))
    return turns


def write_rttm(f, uri, turns):
    for s, d, label in turns:
        if d > 0:
            f.write(f"SPEAKER {uri} 1 {s:.3f} {d:.3f} <NA> <NA> {label} <NA> <NA>\n")


def annotation(uri, turns):
    a = Annotation(uri=uri)
    for i, (s, d, label) in enumerate(turns):
        if d > 0:
            a[Segment(s, s + d), i] = label
    return a


def perturbations(turns, rng):
    labels = sorted({t[2] for t in turns})
    end = max(s + d for s, d, _ in turns)
    out = {"identical": list(turns)}
    out["shifted"] = [(max(0.0, s + rng.uniform(-0.5, 0.5)), max(0.0, d + rng.uniform(-0.5, 0.5)), l) for s, d, l in turns]
    perm = dict(zip(labels, [labels[i] for i in rng.permutation(len(labels))]))
    out["swapped"] = [(s, d, "h_" + perm[l]) for s, d, l in turns]
    if len(labels) >= 2:
        out["merged"] = [(s, d, "h_" + (labels[0] if l == labels[1] else l)) for s, d, l in turns]
    split = []
    for i, (s, d, l) in enumerate(turns):
        if d > 1.0 and i % 2 == 0:
            m = rng.uniform(0.3, 0.7) * d
            split += [(s, m, l + "_a"), (s + m, d - m, l + "_b")]
        else:
            split.append((s, d, l + ("_a" if i % 3 else "_b")))
    out["split"] = split
    fa = list(turns) + [(rng.uniform(0, end), rng.uniform(0.2, 3.0), labels[int(rng.integers(len(labels)))])
                        for _ in range(max(2, len(turns) // 3))]
    out["false_alarm"] = fa
    out["dropped"] = [t for t in turns if rng.random() > 0.3]
    cuts = np.sort(rng.uniform(0, end, size=max(3, int(end / 3))))
    bounds = np.concatenate([[0.0], cuts, [end]])
    out["random"] = [(float(a), float(b - a), f"r{int(rng.integers(4))}") for a, b in zip(bounds[:-1], bounds[1:])
                     if rng.random() < 0.8]
    allin = []
    for s, d, l in out["shifted"]:
        if rng.random() < 0.85:
            allin.append((s, d, "h_" + perm[l] if rng.random() < 0.8 else "x"))
    allin += [(rng.uniform(0, end), rng.uniform(0.2, 2.0), "fa") for _ in range(3)]
    out["everything"] = allin
    out["empty"] = []
    # both tools see exactly the RTTM text: millisecond times
    return {k: [(round(s, 3), round(d, 3), l) for s, d, l in v if round(d, 3) > 0] for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=None)
    ap.add_argument("--extra", action="append", default=[], help="more directories of reference RTTMs")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    binary = a.bin
    if binary is None:
        for c in ["release", "debug"]:
            p = os.path.join(ROOT, ".build", c, "bechdelcli")
            if os.path.exists(p):
                binary = p
                break
    warnings.filterwarnings("ignore")
    refs = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "data", "speech", "dev", "*.rttm")))
    for d in a.extra:
        refs += sorted(glob.glob(os.path.join(d, "*.rttm")))
    rng = np.random.default_rng(a.seed)
    reference = {}
    for p in refs:
        for uri, t in read_rttm(p).items():
            reference[uri] = t
    cases = {uri: perturbations(t, rng) for uri, t in reference.items()}
    kinds = sorted({k for c in cases.values() for k in c})
    worst = {"der": 0.0, "missed": 0.0, "false_alarm": 0.0, "confusion": 0.0, "total": 0.0}
    n = 0
    tmp = tempfile.mkdtemp()
    ref_path = os.path.join(tmp, "ref.rttm")
    with open(ref_path, "w") as f:
        for uri, t in reference.items():
            write_rttm(f, uri, t)
    rows = []
    for collar in [0.0, 0.25]:
        for skip in [False, True]:
            metric = DiarizationErrorRate(collar=2 * collar, skip_overlap=skip)
            for kind in kinds:
                hyp_path = os.path.join(tmp, f"hyp_{kind}.rttm")
                with open(hyp_path, "w") as f:
                    for uri in reference:
                        if kind in cases[uri]:
                            write_rttm(f, uri, cases[uri][kind])
                cmd = [binary, "evaluate", "--reference", ref_path, hyp_path, "--collar", str(collar), "--json"]
                if skip:
                    cmd.append("--skip-overlap")
                ours = {r["file"]: r for r in json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["files"]}
                case_worst = 0.0
                for uri in reference:
                    if kind not in cases[uri]:
                        continue
                    hyp = cases[uri][kind]
                    d = metric(annotation(uri, reference[uri]), annotation(uri, hyp), detailed=True)
                    theirs = {"der": d["diarization error rate"], "missed": d["missed detection"],
                              "false_alarm": d["false alarm"], "confusion": d["confusion"], "total": d["total"]}
                    o = ours.get(uri, {"der": 0.0 if not hyp else 1.0, "missed": 0.0, "false_alarm": 0.0,
                                       "confusion": 0.0, "total": 0.0})
                    tot = max(theirs["total"], 1e-9)
                    for k in worst:
                        diff = abs(o[k] - theirs[k]) if k in ("der",) else abs(o[k] - theirs[k]) / tot
                        worst[k] = max(worst[k], diff)
                    case_worst = max(case_worst, abs(o["der"] - theirs["der"]))
                    n += 1
                rows.append((collar, skip, kind, case_worst))
    print(f"{len(reference)} reference files x {len(kinds)} perturbations x 4 settings = {n} comparisons")
    print("largest |ours - pyannote| (DER absolute; components relative to reference time):")
    for k, v in worst.items():
        print(f"  {k:12s} {100 * v:.6f} %")
    bad = [r for r in rows if r[3] > 1e-3]
    for collar, skip, kind, w in rows:
        if w > 1e-6:
            print(f"  collar={collar} skip_overlap={skip} {kind}: max DER difference {100 * w:.4f} %")
    print("PASS" if not bad else "FAIL", "(tolerance 0.1 % absolute DER)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
