#!/usr/bin/env python3
"""Regenerates the predictor's test fixtures from the shared Bechdel table.

    python3 scripts/make_predictor_fixtures.py           # writes Fixtures/movies_sample.csv
    .build/release/bechdelcli predict Fixtures/movies_sample.csv -o Fixtures/movies_sample_expected.csv

movies_sample.csv: 32 films (8 per rating, fixed seed), cells copied verbatim, so that it exercises quoted
fields with commas, doubled quotes and line breaks as they occur in the real table. The second command
records the shipped model's predictions for the regression test; run it again whenever the shipped model
(Sources/BechdelKit/Models/bechdel.bdt) is retrained.
"""
import os

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = pd.read_csv(os.path.join(ROOT, "..", "shared", "data", "movies", "movies.csv"), dtype=str,
                   keep_default_na=False)
# Prefer rows whose overview needs quoting, then fill with random rows, 8 per rating.
quoted = data["tmdb_overview"].str.contains('[,"\n]', regex=True)
parts = []
for rating in ["0", "1", "2", "3"]:
    rows = data[data["rating"] == rating]
    special = rows[quoted.loc[rows.index] & rows["tmdb_overview"].str.contains('"|\n', regex=True)].head(2)
    rest = rows.drop(special.index).sample(n=8 - len(special), random_state=7)
    parts += [special, rest]
sample = pd.concat(parts).sort_index()
sample.to_csv(os.path.join(ROOT, "Fixtures", "movies_sample.csv"), index=False)
print(f"wrote Fixtures/movies_sample.csv: {len(sample)} rows")
