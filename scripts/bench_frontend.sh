#!/usr/bin/env bash
# Front-end benchmark on a long soundtrack (BENCHMARKS.md, "Audio front end").
#   scripts/make_long_soundtrack.py /tmp/fe-bench        # once: 2-hour test files (not committed)
#   scripts/bench_frontend.sh /tmp/fe-bench [threads...]  # default threads: 1 2
# For each file and thread count: `bechdelcli bench frontend` (per-stage CPU seconds, × real time) under
# /usr/bin/time -v (wall clock, user+sys CPU, peak RSS of the whole process).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: scripts/bench_frontend.sh DIR [threads...]}"
shift || true
threads=("${@:-1 2}")
[ $# -eq 0 ] && threads=(1 2)
swift build -c release >/dev/null
bin=.build/release/bechdelcli
for f in soundtrack_16k_mono.wav soundtrack_48k_stereo.wav soundtrack_48k_stereo.flac soundtrack_48k_stereo.mp3; do
    for t in "${threads[@]}"; do
        echo "== $f, --threads $t"
        /usr/bin/time -v "$bin" bench frontend "$dir/$f" --threads "$t" 2>/tmp/bench_frontend_time.txt
        grep -E "User time|System time|Elapsed|Maximum resident" /tmp/bench_frontend_time.txt
    done
done
