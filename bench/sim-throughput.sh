#!/usr/bin/env bash
# How many requests/s the built-in ENT simulator answers on one core, so that
# it is never the bottleneck of rollcall's own tests (target: >= 20,000/s).
#
# `rollcall sim` runs on CPU 0, wrk on CPU 1 with one thread and 100
# keep-alive connections, on loopback. Two endpoints with no service time
# (so no emulated worker is involved): GET /health (3 bytes) and GET
# /cas/login (the ~1.3 KB login form: a token drawn and stored per request).
# For each: median requests/s over RUNS runs, and the simulator's CPU time
# per request (from /proc/PID/stat), which tells whether its core was full.
#
# Usage: bench/sim-throughput.sh [RUNS] [DURATION]     (defaults: 3 10s)
#        ROLLCALL=path/to/rollcall bench/sim-throughput.sh   (skip the build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
duration="${2:-10s}"
connections=100
min_rps=20000

command -v wrk >/dev/null || { echo "sim-throughput: wrk is missing (scripts/install-deps.sh)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "sim-throughput: taskset is missing (util-linux)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "sim-throughput: needs 2 CPUs (one for the simulator, one for wrk)" >&2; exit 2; }

rollcall="${ROLLCALL:-}"
if [ -z "$rollcall" ]; then
  # Only the rollcall target, optimised: the tests are not needed here.
  build="$root/build"
  export CCACHE_BASEDIR="$root"
  [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target rollcall >/dev/null
  rollcall="$build/rollcall"
fi

work="$(mktemp -d /tmp/rollcall-sim-throughput.XXXXXX)"
sim_pid=""
stop_sim() {
  if [ -n "$sim_pid" ]; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}
trap 'stop_sim; rm -rf "$work"' EXIT

taskset -c 0 "$rollcall" sim --port 0 --service-time login-form=0s >"$work/sim.log" 2>&1 &
sim_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n '1s|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/sim.log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "sim-throughput: the simulator did not start:" >&2; cat "$work/sim.log" >&2; exit 1; }

# CPU ticks the simulator has used so far: "user system".
sim_ticks() { awk '{print $14, $15}' "/proc/$sim_pid/stat"; }
hz=$(getconf CLK_TCK)
. "$root/bench/lib.sh"  # median

report="$work/report.md"
{
  echo "Machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /,""); print; exit}' /proc/cpuinfo), $(uname -r)"
  echo "rollcall sim on CPU 0; wrk on CPU 1, 1 thread, $connections connections; $runs runs of $duration each."
  echo
  echo "| endpoint | median req/s | simulator user µs/req | simulator user+system µs/req | simulator CPU use |"
  echo "|---|---|---|---|---|"
} >"$report"

status=0
for target in /health /cas/login; do
  : >"$work/runs"
  for i in $(seq "$runs"); do
    read -r user0 sys0 <<<"$(sim_ticks)"
    taskset -c 1 wrk -t 1 -c "$connections" -d "$duration" "http://127.0.0.1:$port$target" >"$work/wrk.txt"
    read -r user1 sys1 <<<"$(sim_ticks)"
    user=$((user1 - user0)); total=$((user1 + sys1 - user0 - sys0))
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    seconds=$(awk '/requests in/ {sub(/s,$/, "", $4); print $4}' "$work/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
    [ -z "$non2xx" ] || { echo "sim-throughput: $non2xx non-2xx answers on $target" >&2; status=1; }
    echo "$target run $i: $rps req/s, $total CPU ticks ($user user) for $requests requests in ${seconds}s" >&2
    echo "$rps $total $requests $seconds $user" >>"$work/runs"
  done
  rps=$(awk '{print $1}' "$work/runs" | median)
  cpu_us=$(awk -v hz="$hz" '{print $2 / hz * 1e6 / $3}' "$work/runs" | median)
  user_us=$(awk -v hz="$hz" '{print $5 / hz * 1e6 / $3}' "$work/runs" | median)
  use=$(awk -v hz="$hz" '{print $2 / hz / $4 * 100}' "$work/runs" | median)
  printf "| GET %s | %.0f | %.1f | %.1f | %.0f%% |\n" "$target" "$rps" "$user_us" "$cpu_us" "$use" >>"$report"
  if [ "$target" = /health ] && awk -v r="$rps" -v m="$min_rps" 'BEGIN {exit !(r < m)}'; then
    echo "sim-throughput: GET /health at $rps req/s, below the $min_rps req/s target" >&2
    status=1
  fi
done

mkdir -p "$root/bench/out"
cp "$report" "$root/bench/out/sim-throughput-$(date +%Y%m%d-%H%M%S).md"
cat "$report"
exit "$status"
