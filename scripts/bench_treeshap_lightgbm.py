#!/usr/bin/env python3
"""Peer timing for BENCHMARKS.md (## Explanations): LightGBM's C++ TreeSHAP (pred_contrib) on a model of the same
shape as bechdelcli's default training (251 rounds x 4 classes, 15 leaves, depth 6) over the numeric columns of the
shared film table, one thread, CPU time. Run from the repository root."""
import time, numpy as np, pandas as pd, lightgbm as lgb
d = pd.read_csv('../shared/data/movies/movies.csv', low_memory=False)
y = d['rating'].astype(int).values
X = d.select_dtypes(include=[np.number]).drop(columns=['rating']).astype(np.float32)
m = lgb.LGBMClassifier(n_estimators=251, num_leaves=15, max_depth=6, learning_rate=0.03, n_jobs=1, verbose=-1, random_state=1)
m.fit(X, y)
b = m.booster_
t0 = time.process_time(); w0 = time.time()
c = b.predict(X, pred_contrib=True, num_threads=1)
cpu = time.process_time() - t0; wall = time.time() - w0
print(f"lightgbm pred_contrib: {len(X)} rows, {X.shape[1]} features, {b.num_trees()} trees (4 classes): cpu {cpu:.3f}s ({len(X)/cpu:.0f} rows/s all classes, ~{4*len(X)/cpu:.0f} rows/s per class), wall {wall:.3f}s")
