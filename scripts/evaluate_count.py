#!/usr/bin/env python3
"""Scores `bechdelcli count` on simulated scene sets (and the meeting excerpts).

For every row of each set's scenes.csv (columns id, audio, rttm, n_female, n_male, n_speakers; paths
relative to the CSV) it runs `bechdelcli count --details --rttm` and prints per scene and overall:
exact count rate (F and M both right), mean |dF|+|dM|, exact total-speaker rate, and DER from
`bechdelcli evaluate` (collar 0.25 s each side, overlap scored). A set whose folder also holds
single.csv (one speaker per clip) gets the single-speaker rates: exactly one speaker found, right sex.

Usage (from the repository root, after `swift build -c release`):
  scripts/evaluate_count.py out/dev-tune                 # tuning set (training speakers)
  scripts/evaluate_count.py out/dev-eval out/dev-meetings # report sets (held-out speakers, meetings)
Options: --bin PATH (default .build/release/bechdelcli), --threads N, --limit N, --quiet, --min-speech S,
--count-args '...' (passed to count, e.g. --models DIR --speaker-similarity 0.5).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_count(binary, audio, rttm_out, threads, extra):
    p = subprocess.run([binary, "count", audio, "--details", "--rttm", rttm_out, "--threads", str(threads)] + extra,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"count failed on {audio}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def reference_file_id(rttm):
    with open(rttm) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == "SPEAKER":
                return parts[1]
    return None


def der(binary, references, hypotheses, tmp):
    """Overall DER of hypothesis RTTMs against references (file ids already matched)."""
    ref = os.path.join(tmp, "ref.rttm")
    with open(ref, "w") as out:
        for r in references:
            with open(r) as f:
                out.write(f.read())
    p = subprocess.run([binary, "evaluate", "--reference", ref, "--json"] + hypotheses, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"evaluate failed: {p.stderr.strip()}")
    return json.loads(p.stdout)


def evaluate_csv(binary, csv_path, threads, limit, quiet, tmp, extra):
    base = os.path.dirname(os.path.abspath(csv_path))
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    if limit:
        rows = rows[:limit]
    results, refs, hyps = [], [], []
    for row in rows:
        audio = os.path.normpath(os.path.join(base, row["audio"]))
        ref = os.path.normpath(os.path.join(base, row["rttm"]))
        hyp = os.path.join(tmp, row["id"] + ".rttm")
        out = run_count(binary, audio, hyp, threads, [a.replace("{rttm}", ref) for a in extra])
        # Match the hypothesis file id to the reference's.
        fid = reference_file_id(ref)
        if fid:
            with open(hyp) as f:
                lines = [l.split() for l in f if l.strip()]
            with open(hyp, "w") as f:
                for l in lines:
                    l[1] = fid
                    f.write(" ".join(l) + "\n")
        refs.append(ref)
        hyps.append(hyp)
        tf, tm = int(row["n_female"]), int(row["n_male"])
        r = {"id": row["id"], "ref_F": tf, "ref_M": tm, "F": out["F"], "M": out["M"],
             "uncounted": len(out["uncounted"]), "file_id": fid}
        r["err"] = abs(r["F"] - tf) + abs(r["M"] - tm)
        results.append(r)
        if not quiet:
            print(f"  {row['id']:>16}  ref F{tf} M{tm}  got F{r['F']} M{r['M']}  (+{r['uncounted']} uncounted)  "
                  f"|dF|+|dM|={r['err']}", flush=True)
    report = der(binary, refs, hyps, tmp)
    per_file = {f["file"]: f["der"] for f in report["files"]}
    for r in results:
        r["der"] = per_file.get(r["file_id"])
    return results, report["overall"]


def summarize(name, results, overall, single=False):
    n = len(results)
    if n == 0:
        print(f"{name}: no scenes")
        return
    exact = sum(1 for r in results if r["F"] == r["ref_F"] and r["M"] == r["ref_M"])
    total_exact = sum(1 for r in results if r["F"] + r["M"] == r["ref_F"] + r["ref_M"])
    mean_err = sum(r["err"] for r in results) / n
    print(f"{name}: {n} clips | exact F&M {exact}/{n} = {100 * exact / n:.1f} % | exact total "
          f"{100 * total_exact / n:.1f} % | mean |dF|+|dM| {mean_err:.3f} | DER {100 * overall['der']:.2f} % "
          f"(missed {100 * overall['missed'] / max(overall['total'], 1e-9):.2f}, "
          f"false alarm {100 * overall['false_alarm'] / max(overall['total'], 1e-9):.2f}, "
          f"confusion {100 * overall['confusion'] / max(overall['total'], 1e-9):.2f})")
    if single:
        one = sum(1 for r in results if r["F"] + r["M"] == 1)
        right = sum(1 for r in results if r["F"] + r["M"] == 1 and r["F"] == r["ref_F"])
        print(f"{name}: exactly one speaker found {one}/{n} = {100 * one / n:.1f} % | right sex when one found "
              f"{right}/{max(one, 1)} = {100 * right / max(one, 1):.1f} %")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+", help="folders holding scenes.csv (and optionally single.csv)")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "bechdelcli"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N clips of each CSV")
    ap.add_argument("--quiet", action="store_true", help="no per-scene lines")
    ap.add_argument("--min-speech", type=float, help="passed to bechdelcli count")
    ap.add_argument("--count-args", default="", help="more arguments for bechdelcli count, e.g. '--models DIR --speaker-similarity 0.5'; {rttm} stands for the clip's reference RTTM")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.sets:
            for name, single in (("scenes.csv", False), ("single.csv", True)):
                path = os.path.join(folder, name)
                if not os.path.exists(path):
                    continue
                sub = os.path.join(tmp, os.path.basename(folder.rstrip("/")) + "-" + name)
                os.makedirs(sub)
                if not args.quiet:
                    print(f"{path}:")
                extra = ["--min-speech", str(args.min_speech)] if args.min_speech is not None else []
                extra += args.count_args.split()
                results, overall = evaluate_csv(args.bin, path, args.threads, args.limit, args.quiet, sub, extra)
                summarize(f"{folder}/{name}", results, overall, single)


if __name__ == "__main__":
    sys.exit(main())
