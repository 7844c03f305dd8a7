#!/usr/bin/env bash
# Runs a sharded catalogue on Kubernetes: the Indexed Job, then (once it has finished, even with failed
# indexes: the merge analyses what they left undone) the merge Job.
#   deploy/kubernetes/run.sh [namespace]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ns=(); [ $# -gt 0 ] && ns=(--namespace "$1")
kubectl "${ns[@]}" apply -f "$here/shards-job.yaml"
# Wait for the Job to end, complete or failed.
until kubectl "${ns[@]}" get job bechdel-shards \
        -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{"\n"}{end}' | grep -qE '^(Complete|Failed)$'; do
    sleep 30
done
kubectl "${ns[@]}" apply -f "$here/merge-job.yaml"
kubectl "${ns[@]}" wait --for=condition=complete --timeout=24h job/bechdel-merge
kubectl "${ns[@]}" logs job/bechdel-merge
