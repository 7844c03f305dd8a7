#!/usr/bin/env bash
# One shard of a catalogue run, as one task of a cluster job array: a Slurm array task or a pod of a
# Kubernetes Indexed Job. Every task runs this with the same settings; only the task index differs.
#
# Settings (environment variables):
#   CATALOGUE    what to analyse: a manifest CSV (recommended: it fixes the list of films every task sees)
#                or a folder; paths must be the same on every node (a shared filesystem)
#   STORE_DIR    folder of the shard stores, on a shared filesystem (created if missing)
#   SHARDS       number of shards; Slurm: taken from the array (SLURM_ARRAY_TASK_COUNT)
#   THREADS      threads per film (default: SLURM_CPUS_PER_TASK, else 1)
#   JOBS         films analysed at the same time (default 1)
#   BECHDELCLI   the bechdelcli executable (default: bechdelcli on PATH)
#   EXTRA_ARGS   more options of `bechdelcli batch` (e.g. "--min-speech 5"), the same for every task
# The task index comes from SLURM_ARRAY_TASK_ID (any --array range, e.g. 1-8 or 0-7) or from
# JOB_COMPLETION_INDEX (Kubernetes, 0-based).
#
# A task that is killed (preempted, node lost, time limit) and started again resumes its shard: films already
# recorded are skipped. Films that fail (damaged files) are recorded in the store; they do not fail the task,
# since running it again would not change them. Exit status: 0 shard done, 2 configuration error, else the
# status of bechdelcli.
set -uo pipefail

BECHDELCLI="${BECHDELCLI:-bechdelcli}"
: "${CATALOGUE:?set CATALOGUE to a manifest CSV or a folder}"
: "${STORE_DIR:?set STORE_DIR to the folder of the shard stores}"

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
    count="${SLURM_ARRAY_TASK_COUNT:-${SHARDS:-}}"
    index=$(( SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1 ))
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
    count="${SHARDS:-}"
    index=$(( JOB_COMPLETION_INDEX + 1 ))
else
    echo "shard-task: no task index (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)" >&2
    exit 2
fi
if [ -z "$count" ] || [ "$index" -lt 1 ] || [ "$index" -gt "$count" ]; then
    echo "shard-task: task $index of ${count:-?} shards: set SHARDS to the number of tasks" >&2
    exit 2
fi
threads="${THREADS:-${SLURM_CPUS_PER_TASK:-1}}"

mkdir -p "$STORE_DIR" || exit 2
store="$STORE_DIR/shard-$index-of-$count.sqlite"
# shellcheck disable=SC2086  # EXTRA_ARGS is a list of options
"$BECHDELCLI" batch "$CATALOGUE" --store "$store" --shard "$index/$count" \
    --threads "$threads" --jobs "${JOBS:-1}" ${EXTRA_ARGS:-}
status=$?
if [ "$status" -eq 1 ]; then
    echo "shard-task: shard $index/$count finished; some films failed (recorded in $store)" >&2
    exit 0
fi
exit "$status"
