#!/usr/bin/env bash
# Queues a sharded catalogue run on Slurm: the job array (one task per shard), then the merge, which starts
# when every task has ended, whatever their outcome (it analyses what a failed task left undone).
#   SHARDS=16 CATALOGUE=/shared/festival/manifest.csv STORE_DIR=/shared/festival/stores deploy/slurm/submit.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shards="${SHARDS:-8}"
array=$(sbatch --parsable --array="1-$shards" --export="ALL,DEPLOY_DIR=$here/.." "$here/batch-array.sbatch")
array="${array%%;*}"
merge=$(sbatch --parsable --dependency="afterany:$array" --export="ALL,DEPLOY_DIR=$here/..,SHARDS=$shards" "$here/merge.sbatch")
echo "shards: job $array (array 1-$shards); merge: job ${merge%%;*}"
