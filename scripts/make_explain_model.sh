#!/bin/sh
# Regenerates Fixtures/explain_model.bdt: a small model (40 rounds, 7 leaves) trained on the shared film table,
# used by the explain/clusters CLI tests so that they do not depend on the shipped model's size or presence.
# Run from the repository root after `swift build -c release`.
set -e
.build/release/bechdelcli models train-predictor ../shared/data/movies/movies.csv -o Fixtures/explain_model.bdt \
    --rounds 40 --max-leaves 7 --max-depth 4 --validation-fraction 0 --decision-folds 0 --seed 1 --lenient
