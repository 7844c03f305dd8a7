#!/usr/bin/env bash
# Generates a catalogue of film-like soundtracks for the `batch` benchmark (never committed: about 30 MB per
# 5-minute film as 48 kHz stereo FLAC). Each film strings together development scenes (several speakers each,
# music and effects under the dialogue) in a seeded random order, cut to the length asked for.
#
#   scripts/make_catalogue.sh OUT_DIR [FILMS=100] [MINUTES=5] [SEED=1]
#
# Scenes come from out/dev-eval160/scenes (written by `python3 scripts/simulate_scenes.py --set eval`);
# needs sox with FLAC. Writes OUT_DIR/film000.flac ... and OUT_DIR/manifest.csv (path,film_id).
# The same arguments give the same films.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/make_catalogue.sh OUT_DIR [FILMS] [MINUTES] [SEED]}"
films="${2:-100}"
minutes="${3:-5}"
seed="${4:-1}"
scenes_dir="out/dev-eval160/scenes"
[ -d "$scenes_dir" ] || { echo "make_catalogue: $scenes_dir is missing (python3 scripts/simulate_scenes.py --set eval)" >&2; exit 2; }
mapfile -t scenes < <(ls "$scenes_dir"/*.flac | sort)
[ ${#scenes[@]} -gt 0 ] || { echo "make_catalogue: no scenes in $scenes_dir" >&2; exit 2; }
seconds=$(( minutes * 60 ))
mkdir -p "$out"
echo "path,film_id" > "$out/manifest.csv"
for ((k = 0; k < films; k++)); do
    name=$(printf "film%03d" "$k")
    # A seeded shuffle of the scenes: enough of them for the length (scenes last 20-60 s), then cut.
    mapfile -t chosen < <(printf '%s\n' "${scenes[@]}" | shuf --random-source=<(yes "$seed-$k") | head -n $(( seconds / 15 + 2 )))
    if [ ! -s "$out/$name.flac" ]; then
        sox "${chosen[@]}" -r 48000 -c 2 "$out/$name.tmp.flac" trim 0 "$seconds"
        mv "$out/$name.tmp.flac" "$out/$name.flac"
    fi
    echo "$name.flac,$name" >> "$out/manifest.csv"
done
echo "make_catalogue: $films films of $minutes min in $out (manifest.csv)"
