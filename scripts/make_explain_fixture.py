#!/usr/bin/env python3
"""Regenerates Fixtures/movies_explain_sample.csv: 40 films of the shared Bechdel table, every n-th film in
imdb_id order (a spread of years, ratings and missing sources), all columns, cells unchanged.
Run from the repository root: python3 scripts/make_explain_fixture.py"""
import csv
import sys

SOURCE = "../shared/data/movies/movies.csv"
TARGET = "Fixtures/movies_explain_sample.csv"
COUNT = 40

with open(SOURCE, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
key = header.index("imdb_id")
rows.sort(key=lambda r: r[key])
step = len(rows) // COUNT
picked = [rows[i * step] for i in range(COUNT)]
with open(TARGET, "w", newline="", encoding="utf-8") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(picked)
print(f"{TARGET}: {len(picked)} films", file=sys.stderr)
