#!/usr/bin/env bash
# What an idle run costs: `rollcall run` of the student journey at a rate so
# low that its one journey ends in the first seconds and none starts again
# (0.01/s for 40 s), against `rollcall sim`. From 10 s to 30 s after the
# launch, with no journey under way, the script reads every thread of the
# process: context switches (voluntary: the thread slept and was woken;
# /proc/PID/task/*/status) and CPU time (/proc/PID/task/*/schedstat).
# Prints wake-ups/s and CPU % of one core, for -t 1 and -t 2.
#
# Usage: bench/idle-cost.sh                          (this tree's build)
#        ROLLCALL=path/to/rollcall bench/idle-cost.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
rollcall="${ROLLCALL:-}"
if [ -z "$rollcall" ]; then
  BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  rollcall="$root/build/rollcall"
fi
work="$(mktemp -d /tmp/rollcall-idle-cost.XXXXXX)"
port=$(( 20000 + RANDOM % 12000 ))
sim_pid=""
run_pid=""
cleanup() {
  [ -n "$run_pid" ] && { kill -TERM "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; }
  [ -n "$sim_pid" ] && { kill -TERM "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

"$rollcall" sim --port "$port" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do grep -q listening "$work/sim.log" 2>/dev/null && break; sleep 0.1; done

# "switches voluntary cpu_ns" summed over the threads of $1.
threads_sample() {
  python3 - "$1" <<'PY'
import os, sys
pid = sys.argv[1]
vol = invol = cpu = 0
for t in os.listdir(f"/proc/{pid}/task"):
    for line in open(f"/proc/{pid}/task/{t}/status"):
        if line.startswith("voluntary_ctxt_switches"): vol += int(line.split()[1])
        if line.startswith("nonvoluntary_ctxt_switches"): invol += int(line.split()[1])
    cpu += int(open(f"/proc/{pid}/task/{t}/schedstat").read().split()[0])
print(vol + invol, vol, cpu)
PY
}

machine_line
echo "| lanes | wake-ups/s (voluntary switches) | all switches/s | CPU % of one core |"
echo "|---|---|---|---|"
for lanes in 1 2; do
  (cd "$root/scenarios" && exec "$rollcall" run student.yaml --target "http://127.0.0.1:$port" --rate 0.01 -d 40s \
    -t "$lanes" -q --no-default-slo --out "$work/results-$lanes" >/dev/null 2>"$work/err-$lanes") &
  run_pid=$!
  sleep 10
  a=$(threads_sample "$run_pid"); t0=$(date +%s.%N)
  sleep 20
  b=$(threads_sample "$run_pid"); t1=$(date +%s.%N)
  kill -INT "$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
  run_pid=""
  python3 - "$a" "$b" "$t0" "$t1" "$lanes" <<'PY'
import sys
a = list(map(int, sys.argv[1].split())); b = list(map(int, sys.argv[2].split()))
s = float(sys.argv[4]) - float(sys.argv[3])
print(f"| {sys.argv[5]} | {(b[1] - a[1]) / s:.1f} | {(b[0] - a[0]) / s:.1f} | {(b[2] - a[2]) / 1e9 / s * 100:.3f} |")
PY
done
