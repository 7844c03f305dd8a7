#!/usr/bin/env python3
"""Cross-validated comparison of the bechdelcli predictor with LightGBM on the same folds.

5-fold stratified CV (fixed seed) over ../shared/data/movies/movies.csv. For each fold the train and test
rows are written as CSV files (cells copied verbatim), `bechdelcli models train-predictor` / `bechdelcli predict` are run on
them, and LightGBM (default parameters, same numeric columns, original language as a native categorical)
is trained on the same rows. Prints per-fold scores and mean ± sd: 4-class accuracy, macro-F1, pass/fail
ROC-AUC (pass = rating 3, scored by p3) and multiclass log-loss.

    python3 scripts/evaluate_predictor.py [--bin .build/release/bechdelcli] [--folds 5] [--seed 0]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "data", "movies", "movies.csv")
EXCLUDED = {"imdb_id", "title", "rating", "tmdb_id", "tmdb_title", "tmdb_original_title", "tmdb_release_date"}


def scores(y, proba, pred):
    return {
        "accuracy": accuracy_score(y, pred),
        "macro_f1": f1_score(y, pred, average="macro"),
        "pass_auc": roc_auc_score(y == 3, proba[:, 3]),
        "log_loss": log_loss(y, np.clip(proba, 1e-15, 1), labels=[0, 1, 2, 3]),
    }


def lightgbm_frame(df):
    """Numeric columns as they are, the original language as a pandas category (LightGBM native)."""
    cols = [c for c in df.columns if c not in EXCLUDED and pd.api.types.is_numeric_dtype(df[c])]
    x = df[cols].copy()
    x["tmdb_original_language"] = df["tmdb_original_language"].astype("category")
    return x


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "bechdelcli"))
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--train-args", default="", help="extra arguments for bechdelcli models train-predictor")
    ap.add_argument("--skip-lightgbm", action="store_true")
    args = ap.parse_args()

    raw = pd.read_csv(args.data, dtype=str, keep_default_na=False)  # cells verbatim for the fold files
    typed = pd.read_csv(args.data)
    y = typed["rating"].to_numpy()
    xl = lightgbm_frame(typed)
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    results = {"bechdelcli": [], "lightgbm": []}
    times = {"bechdelcli": 0.0, "lightgbm": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for k, (tr, te) in enumerate(folds.split(raw, y)):
            train_csv, test_csv = os.path.join(tmp, "train.csv"), os.path.join(tmp, "test.csv")
            model, out = os.path.join(tmp, "model.bdt"), os.path.join(tmp, "pred.csv")
            raw.iloc[tr].to_csv(train_csv, index=False)
            raw.iloc[te].drop(columns=["rating"]).to_csv(test_csv, index=False)
            t0 = time.perf_counter()
            subprocess.run([args.bin, "models", "train-predictor", train_csv, "-o", model] + args.train_args.split(), check=True,
                           stdout=subprocess.DEVNULL)
            times["bechdelcli"] += time.perf_counter() - t0
            subprocess.run([args.bin, "predict", "--model", model, test_csv, "-o", out], check=True)
            pred = pd.read_csv(out, dtype={"imdb_id": str})
            assert list(pred["imdb_id"]) == list(raw["imdb_id"].iloc[te])
            proba = pred[["p0", "p1", "p2", "p3"]].to_numpy()
            proba = proba / proba.sum(axis=1, keepdims=True)  # printed with 6 decimals
            results["bechdelcli"].append(scores(y[te], proba, pred["predicted_rating"].to_numpy()))
            line = f"fold {k + 1}: bechdelcli " + " ".join(f"{m} {v:.4f}" for m, v in results["bechdelcli"][-1].items())
            if not args.skip_lightgbm:
                clf = lgb.LGBMClassifier(random_state=args.seed, verbose=-1)
                t0 = time.perf_counter()
                clf.fit(xl.iloc[tr], y[tr])
                times["lightgbm"] += time.perf_counter() - t0
                proba = clf.predict_proba(xl.iloc[te])
                results["lightgbm"].append(scores(y[te], proba, proba.argmax(axis=1)))
                line += " | lightgbm " + " ".join(f"{m} {v:.4f}" for m, v in results["lightgbm"][-1].items())
            print(line, file=sys.stderr, flush=True)

    print(f"\n{args.folds}-fold stratified CV (seed {args.seed}) on {len(y)} films, mean ± sd over folds\n")
    print("| model | accuracy | macro-F1 | pass ROC-AUC | log-loss | train time (all folds) |")
    print("|---|---|---|---|---|---|")
    for name, rows in results.items():
        if not rows:
            continue
        cells = []
        for m in ["accuracy", "macro_f1", "pass_auc", "log_loss"]:
            v = np.array([r[m] for r in rows])
            cells.append(f"{v.mean():.4f} ± {v.std(ddof=1):.4f}")
        print(f"| {name} | " + " | ".join(cells) + f" | {times[name]:.1f} s |")


if __name__ == "__main__":
    main()
