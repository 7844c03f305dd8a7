#!/usr/bin/env bash
# The final step of a sharded catalogue run: merges the shard stores into one, then completes it.
#
# Settings (environment variables): CATALOGUE, STORE_DIR, SHARDS, THREADS, JOBS, BECHDELCLI, EXTRA_ARGS as for
# shard-task.sh, and
#   OUTPUT       the merged store (default: $STORE_DIR/catalogue.sqlite)
#
# After merging, `bechdelcli batch` runs over the whole catalogue on the merged store: it finds every film
# already done (in well under a second) and analyses any film a shard did not finish (a task that gave up),
# so the merged store always covers the catalogue. Exit status: that of the final batch (0 every film done,
# 1 some films failed, 2 configuration error).
set -uo pipefail

BECHDELCLI="${BECHDELCLI:-bechdelcli}"
: "${CATALOGUE:?set CATALOGUE to a manifest CSV or a folder}"
: "${STORE_DIR:?set STORE_DIR to the folder of the shard stores}"
: "${SHARDS:?set SHARDS to the number of shards}"
OUTPUT="${OUTPUT:-$STORE_DIR/catalogue.sqlite}"

stores=()
for index in $(seq 1 "$SHARDS"); do
    store="$STORE_DIR/shard-$index-of-$SHARDS.sqlite"
    if [ -f "$store" ]; then
        stores+=("$store")
    else
        echo "merge-task: $store is missing (shard $index never ran); its films are analysed now" >&2
    fi
done
if [ ${#stores[@]} -gt 0 ]; then
    "$BECHDELCLI" merge "$OUTPUT" "${stores[@]}" || exit $?
fi
# shellcheck disable=SC2086
"$BECHDELCLI" batch "$CATALOGUE" --store "$OUTPUT" --threads "${THREADS:-${SLURM_CPUS_PER_TASK:-1}}" \
    --jobs "${JOBS:-1}" ${EXTRA_ARGS:-}
