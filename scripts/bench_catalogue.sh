#!/usr/bin/env bash
# Throughput of `bechdelcli batch` over a generated catalogue (BENCHMARKS.md, "Catalogue runs"): a fresh store
# for each --jobs × --threads setting, then a rerun over the finished store, and the store's cost per film.
#
#   scripts/make_catalogue.sh out/catalogue-bench 100 5
#   scripts/bench_catalogue.sh out/catalogue-bench [BINARY] [SETTINGS...]
#
# SETTINGS are JOBSxTHREADS (default: 1x1 1x2 2x1 2x2). Prints one Markdown table row per setting.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: scripts/bench_catalogue.sh CATALOGUE_DIR [BINARY] [JOBSxTHREADS...]}"
bin="${2:-.build/release/bechdelcli}"
shift $(( $# >= 2 ? 2 : 1 ))
settings=("$@")
[ ${#settings[@]} -gt 0 ] || settings=(1x1 1x2 2x1 2x2)
manifest="$dir/manifest.csv"
films=$(( $(wc -l < "$manifest") - 1 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| jobs | threads | wall | films/hour | × real time | peak RSS | hashing | store writes | per film written | rerun |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for s in "${settings[@]}"; do
    jobs="${s%x*}"; threads="${s#*x}"
    store="$work/$s.sqlite"
    cat "$dir"/*.flac > /dev/null   # same page-cache state for every setting
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" batch "$manifest" --store "$store" --jobs "$jobs" \
        --threads "$threads" --timings > "$work/out" 2> "$work/err" || true
    read -r wall rss < "$work/time"
    hashing=$(awk '/^hashing/ { print $2 }' "$work/err")
    store_s=$(awk '/^store/ { print $2 }' "$work/err")
    per=$(awk '/^store/ { print $4 }' "$work/err")
    start=$(date +%s.%N)
    "$bin" batch "$manifest" --store "$store" > /dev/null 2>&1 || true
    rerun=$(echo "$(date +%s.%N) - $start" | bc)
    # Audio length from the store (column 6 of the films table; the generated paths hold no commas).
    audio=$("$bin" export "$store" --films - | awk -F, 'NR > 1 { s += $6 } END { print s }')
    printf "| %s | %s | %.1f s | %.0f | %.0f× | %d MB | %s s | %s s | %s ms | %.2f s |\n" "$jobs" "$threads" "$wall" \
        "$(echo "$films * 3600 / $wall" | bc -l)" "$(echo "$audio / $wall" | bc -l)" $(( rss / 1024 )) \
        "$hashing" "$store_s" "$per" "$rerun"
    cp "$store" "$work/last.sqlite"
done
echo
echo "store: $(du -k "$work/last.sqlite" | cut -f1) KB for $films films; summary of the last run: $(cat "$work/out")"
