#!/bin/sh
# Regenerates Fixtures/sex/: 4-second excerpts (from 1 s) of two held-out LibriSpeech speakers, one
# female and one male, for the sex classifier tests. LibriSpeech, CC-BY-4.0 (Panayotov et al. 2015).
# Usage (from the repository root): scripts/make_sex_fixtures.sh
set -eu
src=../shared/data/speech/train
mkdir -p Fixtures/sex
sox "$src/1088-129236-0000.flac" Fixtures/sex/female_1088.flac trim 1 4
sox "$src/1594-135914-0000.flac" Fixtures/sex/male_1594.flac trim 1 4
cat > Fixtures/sex/README.md <<'TXT'
Excerpts (4 s from 1 s) of LibriSpeech utterances 1088-129236-0000 (speaker 1088, female) and
1594-135914-0000 (speaker 1594, male), both held out from the training of the shipped models.
LibriSpeech (Panayotov et al. 2015), CC-BY-4.0. Regenerate with scripts/make_sex_fixtures.sh.
TXT
