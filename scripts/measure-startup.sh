#!/usr/bin/env bash
# Start-up time (launch → first 200 from GET /livez) and idle resident memory of `tollfree serve`.
# usage: scripts/measure-startup.sh [RUNS]   (extra JVM flags via TOLLFREE_JAVA_OPTS)
# The first run starts on an empty data directory; later runs restart on the same one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
port="${PORT:-3199}"
"$here/tollfree" --version >/dev/null            # builds the jar if needed, finds the JDK
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  TOLLFREE_DATA_DIR="$data" TOLLFREE_PORT="$port" TOLLFREE_BOOTSTRAP_KEY=tf-measure-startup-0000000000 \
    "$here/tollfree" serve >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/livez" >/dev/null 2>&1; do sleep 0.01; done
  t1=$(date +%s%N)
  sleep 5
  java_pid=$(pgrep -P "$pid" java || echo "$pid")
  rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$java_pid/status" 2>/dev/null || awk '/VmRSS/{print $2}' "/proc/$pid/status")
  echo "run $i: start_ms=$(( (t1 - t0) / 1000000 )) idle_rss_mb=$(( rss_kb / 1024 ))"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
