#!/usr/bin/env python3
"""LightGBM side of the predictor benchmark: the same encoded features, the same model size, one thread.

    .build/release/bechdelcli bench predictor ../shared/data/movies/movies.csv --export-features /tmp/features.csv
    python3 scripts/bench_lightgbm_predictor.py /tmp/features.csv [--rounds 100] [--leaves 31]

Trains a LightGBM multiclass model (same rounds, leaves, learning rate, no bagging, min 20 rows per leaf,
num_threads=1) on the exported matrix and times training and single-thread prediction of raw scores, as
process CPU time like `bechdelcli bench predictor`. Node visits per row are counted from the leaf each row
reaches (its depth + 1) in every tree.
"""
import argparse
import time

import lightgbm as lgb
import numpy as np
import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("features")
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--learning-rate", type=float, default=0.1)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()

    df = pd.read_csv(args.features)
    y = df.pop("rating").to_numpy()
    x = np.ascontiguousarray(df.to_numpy(dtype=np.float32))
    params = dict(objective="multiclass", num_class=4, num_leaves=args.leaves, learning_rate=args.learning_rate,
                  min_data_in_leaf=20, max_bin=255, num_threads=1, verbose=-1, seed=1, deterministic=True)
    t0 = time.process_time()
    booster = lgb.train(params, lgb.Dataset(x, label=y), num_boost_round=args.rounds)
    train_time = time.process_time() - t0

    booster.predict(x, raw_score=True, num_threads=1)  # warm-up
    t0 = time.process_time()
    for _ in range(args.repeats):
        booster.predict(x, raw_score=True, num_threads=1)
    predict_time = (time.process_time() - t0) / args.repeats

    leaves = booster.predict(x, pred_leaf=True, num_threads=1)  # rows × trees
    trees = booster.trees_to_dataframe()
    depth = {}
    for (t, idx), d in zip(zip(trees["tree_index"], trees["node_index"]), trees["node_depth"]):
        if "-L" in idx:
            depth[(t, int(idx.split("-L")[1]))] = d  # node_depth: root = 1, so depth = nodes on the path
    visits = sum(depth.get((t, int(l)), 1) for row in leaves for t, l in enumerate(row))
    n_trees = booster.num_trees()
    print("(all times are process CPU time)")
    print(f"table          {x.shape[0]} films, {x.shape[1]} features")
    print(f"model          {n_trees} trees ({args.rounds} rounds x 4 classes), {int(sum(1 for k in depth))} leaves")
    print(f"training       {train_time:.3f} s (LightGBM {lgb.__version__}, 1 thread, Dataset construction included)")
    print(f"prediction     {x.shape[0] / predict_time:.0f} rows/s, {visits / predict_time / 1e6:.1f} M node visits/s "
          f"(raw scores, 1 thread, mean of {args.repeats} passes; {visits / (x.shape[0] * n_trees):.2f} visits/row/tree)")


if __name__ == "__main__":
    main()
