#!/usr/bin/env bash
# The generator's CPU per completed login, rollcall against Tsung 1.7 (the
# peer an ENT team would otherwise use), on the built-in ENT's student
# journey (scenarios/student.yaml; bench/tsung-student.xml is the same
# journey for Tsung), open model: each arrival a new user with fresh
# connections.
#
# `rollcall sim` runs on CPU 1 (enough workers that its service times, not
# its capacity, shape the answers); the generator under test on CPU 0, one
# thread (rollcall -t 1; Tsung's Erlang VM sees one CPU). For each run the
# CPU time of the generator's processes (every thread, from
# /proc/PID/task/*/schedstat) is sampled from 8 s after its launch to 2 s
# before the end of its arrivals: steady state, start-up (the Erlang VM's
# is about a second) left out. CPU per login = that CPU / (window x the
# logins completed per second of arrivals). Medians of RUNS runs, the tools
# alternated so that both see the same machine.
#
#   1. both at 20 logins/s for DURATION;
#   2. the highest rate Tsung sustains on its core (the rate doubled from
#      START until a run completes under 98% of its arrivals or uses over
#      95% of the core, then one step halfway back), and both at that rate;
#   3. rollcall's highest rate on one core, the same way, and what bounds
#      it (its core, or the simulator's).
#
# Usage: bench/vs-tsung.sh [RUNS] [DURATION_S] [START]   (defaults: 3 30 50)
#        ROLLCALL=path/to/rollcall bench/vs-tsung.sh     (skip the build)
#        ONLY=20 bench/vs-tsung.sh                       (step 1 only)
#        SKIP_20=1 TSUNG_START=10 ROLLCALL_START=100 bench/vs-tsung.sh
#                                                        (steps 2 and 3, searches from these rates)
#        SKIP_ROLLCALL_MAX=1 ...                         (without step 3)
#        TSUNG_MAX=35 ...                                (step 2 at this rate, without the search)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
duration="${2:-30}"
start_rate="${3:-50}"
search_duration=20

. "$root/bench/lib.sh"
bash "$root/scripts/install-deps.sh" --tests --bench
command -v taskset >/dev/null || { echo "vs-tsung: taskset is missing (util-linux)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "vs-tsung: needs 2 CPUs (one for the simulator, one for the generator)" >&2; exit 2; }
rollcall="${ROLLCALL:-}"
if [ -z "$rollcall" ]; then
  BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  rollcall="$root/build/rollcall"
fi

work="$(mktemp -d /tmp/rollcall-vs-tsung.XXXXXX)"
port=$(( 20000 + RANDOM % 12000 ))
sim_pid=""
tool_pid=""
epmd_was_running=0
pgrep -x epmd >/dev/null && epmd_was_running=1
cleanup() {
  [ -n "$tool_pid" ] && kill -TERM "$tool_pid" 2>/dev/null || true
  if [ -n "$sim_pid" ]; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  # Erlang's name server, started by Tsung's VM when none ran: stopped by its PID.
  if [ "$epmd_was_running" = 0 ]; then
    for pid in $(pgrep -x epmd || true); do kill -TERM "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The simulator, with workers enough for any rate tried here (16 by default
# would cap the journey at about 97/s).
taskset -c 1 "$rollcall" sim --port "$port" --workers 4000 --queue 100000 >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do
  grep -q "listening" "$work/sim.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening" "$work/sim.log" || { echo "vs-tsung: the simulator did not start" >&2; cat "$work/sim.log" >&2; exit 2; }

# Tsung's inputs: the accounts without their header, the upload's body.
tail -n +2 "$root/scenarios/accounts/students.csv" >"$work/students.csv"
python3 - "$work/homework.body" <<'PY'
import sys
b = b"rollcallbenchboundary"
body = (b"--" + b + b"\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nExercices faits\r\n"
        b"--" + b + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"devoir.pdf\"\r\n"
        b"Content-Type: application/pdf\r\n\r\n" + b"x" * 120000 + b"\r\n--" + b + b"--\r\n")
open(sys.argv[1], "wb").write(body)
PY

# One rollcall run: "ms_per_login completed offered core_share sim_core_share"
# (the shares: of one core, over the window).
run_rollcall() {
  local rate="$1" seconds="$2"
  local out="$work/rollcall-$rate-$RANDOM"
  local launched; launched=$(date +%s.%N)
  (cd "$root/scenarios" && exec taskset -c 0 "$rollcall" run student.yaml --target "http://127.0.0.1:$port" \
    --rate "$rate" -d "${seconds}s" -t 1 -q --no-default-slo --out "$out.results" --json "$out.json" >/dev/null 2>"$out.err") &
  tool_pid=$!
  sample_window "$out.window" "$seconds" "$launched" "$tool_pid" "$sim_pid"
  wait "$tool_pid" || true
  tool_pid=""
  python3 - "$out.json" "$out.window" "$seconds" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["totals"]
cpu, window, sim_core = map(float, open(sys.argv[2]).read().split())
completed, offered = t["journeys_completed"], t["journeys_started"]
per_s = completed / float(sys.argv[3])  # logins completed per second of arrivals
print(f"{cpu * 1000 / max(per_s * window, 1e-9):.3f} {completed} {offered} {cpu / window:.3f} {sim_core:.3f}")
PY
}

# One Tsung run, the same line.
run_tsung() {
  local rate="$1" seconds="$2"
  local out="$work/tsung-$rate-$RANDOM"
  mkdir -p "$out.log"
  sed -e "s|@PORT@|$port|g" -e "s|@RATE@|$rate|g" -e "s|@DURATION@|$seconds|g" -e "s|@WORK@|$work|g" \
    "$root/bench/tsung-student.xml" >"$out.xml"
  local launched; launched=$(date +%s.%N)
  taskset -c 0 tsung -f "$out.xml" -l "$out.log" start >"$out.out" 2>&1 &
  tool_pid=$!
  sample_window "$out.window" "$seconds" "$launched" "$tool_pid" "$sim_pid"
  # Sessions still under way when the arrivals end are let finish; a
  # saturated Tsung is stopped after 60 s more.
  local waited=0
  while kill -0 "$tool_pid" 2>/dev/null && [ "$waited" -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -0 "$tool_pid" 2>/dev/null && { kill -TERM "$tool_pid" 2>/dev/null || true; }
  wait "$tool_pid" 2>/dev/null || true
  tool_pid=""
  python3 - "$out.log" "$out.window" "$seconds" <<'PY'
import glob, re, sys
logs = glob.glob(sys.argv[1] + "/*/tsung.log")
completed = offered = 0
for line in open(logs[0]) if logs else []:
    # Every 10 s: a sample line is "name count mean stddev max min
    # mean_before count_before", a counter line "name count total".
    f = line.split()
    if len(f) >= 3 and f[0] == "stats:":
        if f[1] == "tr_journey": completed = int(f[2]) + int(f[-1])
        if f[1] == "users_count": offered = int(f[-1])
cpu, window, sim_core = map(float, open(sys.argv[2]).read().split())
# Logins completed per second of arrivals: the tool's own count of the
# users it started (Tsung launches fewer than asked when short of CPU).
per_s = completed / float(sys.argv[3])
print(f"{cpu * 1000 / max(per_s * window, 1e-9):.3f} {completed} {offered} {cpu / window:.3f} {sim_core:.3f}")
PY
}

# "sustained" ($1: the run's line, $2: its rate): the journeys started were
# at least 90% of the rate asked (Tsung's arrivals are Poisson: 400 of them
# vary by 5%), 98% of them completed, and the core had room.
sustained() {
  awk -v nominal="$(( $2 * search_duration ))" \
    '{ exit !($3 >= 0.90 * nominal && $2 >= 0.98 * $3 && $4 <= 0.95) }' <<<"$1"
}

# Both tools at one rate, RUNS times alternated; prints the table row.
compare_at() {
  local rate="$1" label="$2" t r
  : >"$work/cmp-t"; : >"$work/cmp-r"
  for _ in $(seq "$runs"); do
    t=$(run_tsung "$rate" "$duration"); echo "  tsung    $rate/s: $t (ms/login, completed, offered, generator core, simulator core)" >&2; echo "$t" >>"$work/cmp-t"
    r=$(run_rollcall "$rate" "$duration"); echo "  rollcall $rate/s: $r" >&2; echo "$r" >>"$work/cmp-r"
  done
  local tm rm
  tm=$(cut -d' ' -f1 "$work/cmp-t" | median)
  rm=$(cut -d' ' -f1 "$work/cmp-r" | median)
  printf '| %s | %s | %.3f | %.3f | %.2f |\n' "$label" "$rate" "$tm" "$rm" "$(python3 -c "print($rm / $tm)")"
}

# The highest sustained rate of run_$1, doubling from START, then halfway back.
highest_rate() {
  local tool="$1" rate="$2" good=0 line
  while :; do
    line=$("run_$tool" "$rate" "$search_duration"); echo "  $tool $rate/s: $line" >&2
    if sustained "$line" "$rate"; then good="$rate"; rate=$(( rate * 2 )); else break; fi
    [ "$rate" -gt 20000 ] && break
  done
  if [ "$good" -gt 0 ]; then
    local mid=$(( (good + rate) / 2 ))
    line=$("run_$tool" "$mid" "$search_duration"); echo "  $tool $mid/s: $line" >&2
    sustained "$line" "$mid" && good="$mid"
  fi
  echo "$good"
}

machine_line
echo "Tsung $(dpkg-query -W -f='${Version}' tsung), student journey, open model, fresh connections per journey; generator on CPU 0, rollcall sim on CPU 1"
echo "| case | logins/s | Tsung CPU ms/login | rollcall CPU ms/login | ratio |"
echo "|---|---|---|---|---|"
[ "${SKIP_20:-0}" = 1 ] || compare_at 20 "20 logins/s"
[ "${ONLY:-}" = 20 ] && exit 0
if [ -n "${TSUNG_MAX:-}" ]; then
  tsung_max="$TSUNG_MAX"  # given: each compared run's line says whether Tsung held it
else
  tsung_max=$(highest_rate tsung "${TSUNG_START:-$start_rate}")
fi
echo "Tsung's highest sustained rate on one core: $tsung_max logins/s"
[ "$tsung_max" -gt 0 ] && compare_at "$tsung_max" "Tsung's highest on one core"
[ "${SKIP_ROLLCALL_MAX:-0}" = 1 ] && exit 0
rollcall_max=$(highest_rate rollcall "${ROLLCALL_START:-$start_rate}")
echo "rollcall's highest sustained rate on one core: $rollcall_max logins/s"
# What bounds it: one run at 1.5 times that rate; the core that is full
# (generator or simulator) is the bottleneck.
line=$(run_rollcall "$(( rollcall_max * 3 / 2 ))" "$search_duration")
echo "  at 1.5x ($(( rollcall_max * 3 / 2 ))/s): $line (ms/login, completed, offered, generator core, simulator core)"
